from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "tipnet.intake"
    label = "intake"
    verbose_name = "Intake (hotline contacts)"
