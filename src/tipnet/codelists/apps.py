from django.apps import AppConfig


class CodelistsConfig(AppConfig):
    name = "tipnet.codelists"
    label = "codelists"
    verbose_name = "Code lists"
