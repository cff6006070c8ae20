from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "tipnet.identification"
    label = "identification"
    verbose_name = "Identification"
