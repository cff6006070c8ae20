from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "tipnet.security"
    label = "security"
    verbose_name = "Keys and data protection"
