from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from directory import reopen_receivers, taxonomy  # noqa: F401 - connect receivers
