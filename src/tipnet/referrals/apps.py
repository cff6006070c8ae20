from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tipnet.referrals"
    label = "referrals"
    verbose_name = "Referrals and transfers"

    def ready(self) -> None:
        from . import signals

        signals.connect()
