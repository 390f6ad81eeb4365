"""Editor layouts shared by the site's page types."""

from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.models import Page


def tabs_with_spanish(content_panels, spanish_panels, *more):
    """A page editor's tabs: Content, Spanish, any ``more`` (ObjectLists), then
    Wagtail's Promote and Settings."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(spanish_panels, heading="Spanish"),
            *more,
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
