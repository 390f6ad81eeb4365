"""Editorial guides (how to ask for help, apply for benefits...) under /guides/."""

from django.db import models

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    MultiFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.i18n import in_spanish, spanish_title
from home.panels import tabs_with_spanish
from resources.blocks import GuideStreamBlock


class ResourceIndexPage(Page):
    """The list of guides at /guides/."""

    intro = models.TextField(blank=True, help_text="A line under the heading.")

    title_es = spanish_title()
    intro_es = in_spanish(intro, "intro")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("title_es"), FieldPanel("intro_es")], heading="In Spanish"
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = "guide index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = (
            ResourcePage.objects.live().public().child_of(self).order_by("title")
        )
        return context


class ResourcePage(Page):
    """A guide, tagged with the needs it covers so programs can link to it."""

    summary = models.CharField(
        max_length=240, help_text="One sentence shown in lists of guides."
    )
    body = StreamField(GuideStreamBlock(), help_text="The guide itself.")
    need_categories = ParentalManyToManyField(
        "directory.NeedCategory",
        related_name="guides",
        blank=True,
        help_text="Needs this guide helps with; it is linked from programs for "
        "those needs.",
    )

    for_helpers = models.BooleanField(
        "a guide for helpers",
        default=False,
        help_text="Tick if this guide is written for friends, family, donors or "
        "volunteers rather than for patients; it is then listed on the Ways to help "
        "page.",
    )

    # The guide in Spanish: shown on /es/, the English standing in (marked as
    # English) while a field is empty.
    title_es = spanish_title()
    summary_es = in_spanish(summary, "summary", max_length=300)
    body_es = StreamField(
        GuideStreamBlock(),
        verbose_name="guide in Spanish",
        blank=True,
        help_text="The guide in plain Spanish, block for block. Leave empty and "
        "the Spanish site shows the English, marked as English.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("need_categories"),
        FieldPanel("for_helpers"),
    ]
    spanish_panels = [
        HelpPanel(
            "<p>The guide in plain Spanish, addressing the reader as <em>usted</em>, "
            "with the same advice and facts. Left empty, the Spanish site shows the "
            "English, marked as English.</p>"
        ),
        FieldPanel("title_es"),
        FieldPanel("summary_es"),
        FieldPanel("body_es"),
    ]
    edit_handler = tabs_with_spanish(content_panels, spanish_panels)
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("title_es"),
        index.SearchField("summary_es"),
        index.SearchField("body_es"),
    ]
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "guide"

    @classmethod
    def for_needs(cls, needs, limit=3):
        """Live, public guides covering any of ``needs`` (NeedCategory objects or
        slugs), by title."""
        slugs = [getattr(need, "slug", need) for need in needs]
        if not slugs:
            return []
        return list(
            cls.objects.live()
            .public()
            .filter(need_categories__slug__in=slugs)
            .distinct()
            .order_by("title")[:limit]
        )

    @classmethod
    def helper_guides(cls):
        """Live, public guides written for helpers (``for_helpers``), by title: the
        guides the Ways to help page lists."""
        return list(
            cls.objects.live().public().filter(for_helpers=True).order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        """The needs this guide covers, each linking to the programs for it."""
        from directory.models import DirectoryIndexPage

        context = super().get_context(request, *args, **kwargs)
        directory = DirectoryIndexPage.objects.live().first()
        needs = self.need_categories.select_related("parent").order_by(
            "parent__sort_order", "sort_order", "name"
        )
        context["need_links"] = [
            (need, directory.landing_url(need=need.slug) if directory else "")
            for need in needs
        ]
        return context
