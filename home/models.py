"""The home page and the site-wide settings curators edit in the admin."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.i18n import in_spanish
from home.panels import tabs_with_spanish


class HomePage(Page):
    """The front door: find help by place and need, and what the directory is."""

    heading = models.CharField(
        max_length=120,
        default="Find financial and practical help for metastatic breast cancer",
        help_text="The main heading patients see first.",
    )
    intro = models.TextField(
        blank=True,
        help_text="One or two sentences under the heading: who this is for and "
        "that it is free.",
    )
    how_it_works = RichTextField(
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text="Short “how this directory works”: who curates it, what "
        "“verified” means.",
    )

    heading_es = in_spanish(heading, "heading")
    intro_es = in_spanish(intro, "intro")
    how_it_works_es = in_spanish(how_it_works, "how it works")

    content_panels = [
        *Page.content_panels,
        FieldPanel("heading"),
        FieldPanel("intro"),
        FieldPanel("how_it_works"),
    ]
    spanish_panels = [
        FieldPanel("heading_es"),
        FieldPanel("intro_es"),
        FieldPanel("how_it_works_es"),
    ]
    edit_handler = tabs_with_spanish(content_panels, spanish_panels)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["directory.DirectoryIndexPage", "resources.ResourceIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from directory.models import DirectoryIndexPage
        from directory.taxonomy import taxonomy
        from resources.models import ResourcePage

        context = super().get_context(request, *args, **kwargs)
        directory = DirectoryIndexPage.objects.live().first()
        context["directory"] = directory
        context["states"] = taxonomy().states
        # The newest guides, to show a few on the front page.
        context["featured_guides"] = (
            ResourcePage.objects.live()
            .public()
            .filter(for_helpers=False)  # helpers' guides are on /give/
            .order_by("-first_published_at", "title")[:3]
        )
        if directory:
            context["need_groups"] = self.browse_groups(directory)
        return context

    @staticmethod
    def browse_groups(directory):
        """The need groups to browse, each linking to its landing URL (a group's
        slug means every need in it) with its needs and how many programs help
        with each: links, not a form, so one tap lists the programs."""
        from directory.taxonomy import taxonomy
        from search.backends import get_backend
        from search.query import SearchQuery

        # Every program, to show how many help with each need.
        needs = get_backend().search(SearchQuery(page_size=1)).facets["need"]
        group_of = {
            need: slug
            for slug, (_, members) in (taxonomy().groups or {}).items()
            for need in members
        }
        groups = {}
        for value in needs.values:
            if value.count:  # a need no program helps with is no use as a link
                group = groups.setdefault(
                    value.group,
                    {
                        "name": value.group,
                        "url": directory.landing_url(need=group_of.get(value.value)),
                        "needs": [],
                    },
                )
                group["needs"].append((value, directory.landing_url(need=value.value)))
        return list(groups.values())


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Site-wide contact details shown in the footer."""

    contact_email = models.EmailField(
        blank=True,
        help_text="Where people can write to the curators (shown in the footer).",
    )
    crisis_note = models.CharField(
        max_length=255,
        blank=True,
        default="In an emergency, call 911.",
        help_text="A short safety line shown in the footer of every page.",
    )
    crisis_note_es = models.CharField(
        "crisis note in Spanish",
        max_length=255,
        blank=True,
        default="En una emergencia, llame al 911.",
        help_text="The safety line on the Spanish pages. Empty: the English one.",
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("crisis_note"),
        FieldPanel("crisis_note_es"),
    ]

    class Meta:
        verbose_name = "site settings"
