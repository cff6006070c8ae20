from django.apps import AppConfig


class HtcdsConfig(AppConfig):
    name = "tipnet.htcds"
    label = "htcds"
    verbose_name = "HTCDS exchange"
