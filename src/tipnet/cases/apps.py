from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "tipnet.cases"
    label = "cases"
    verbose_name = "Cases"
