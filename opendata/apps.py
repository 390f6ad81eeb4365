from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Reading and writing programs as HSDS 3.0 and CSV; it has no models."""

    name = "opendata"
    verbose_name = "Open data"
