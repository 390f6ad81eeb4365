from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Reading and writing programs as HSDS 3.0 and CSV; its one model keeps the
    files curators upload to import between the preview and the confirm."""

    name = "opendata"
    verbose_name = "Open data"
