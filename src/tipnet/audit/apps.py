from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tipnet.audit"
    label = "audit"
    verbose_name = "Audit log"
