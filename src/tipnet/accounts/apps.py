from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tipnet.accounts"
    label = "accounts"
    verbose_name = "Organisations and users"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login auditing)
