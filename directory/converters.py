"""URL converters for the public pages: a page id is a whole number that fits the
database's 64-bit ids, so an absurd one is a 404, never an overflow (a 500)."""

from django.urls import register_converter


class PageIdConverter:
    """1 to 18 digits: every id the database can hold up to 10^18 - 1."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(PageIdConverter, "page_id")
