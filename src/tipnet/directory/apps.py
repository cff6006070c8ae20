from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "tipnet.directory"
    label = "directory"
    verbose_name = "Directory of counterparts"
