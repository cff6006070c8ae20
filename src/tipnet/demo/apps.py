from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tipnet.demo"
    label = "demo"
    verbose_name = "Demo data"
