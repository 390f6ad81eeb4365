"""factory_boy factories for the directory's models."""

import json

import factory
import wagtail_factories

from django.contrib.auth import get_user_model

from wagtail.models import Page, Site

from directory.choices import HelpKind, HelpReach, HelpType
from directory.models import (
    DirectoryIndexPage,
    NeedCategory,
    Organisation,
    ProgramPage,
    Region,
    WayToHelp,
)
from home.models import HomePage
from resources.models import ResourceIndexPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Helping Hands {n}")
    website = factory.LazyAttribute(
        lambda org: f"https://{org.name.lower().replace(' ', '-')}.example.org"
    )

    class Meta:
        model = Organisation
        django_get_or_create = ("name",)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Brightside"
    slug = "home"

    class Meta:
        model = HomePage


class DirectoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Find help"
    slug = "programs"

    class Meta:
        model = DirectoryIndexPage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Guides"
    slug = "guides"

    class Meta:
        model = ResourceIndexPage


class ProgramPageFactory(wagtail_factories.PageFactory):
    """A nationwide, open program for one need; pass ``need_categories`` / ``regions``
    (lists) to change that."""

    title = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "Grants toward household bills for people in treatment."
    nationwide = True
    help_types = factory.LazyFunction(lambda: [HelpType.CASH])

    class Meta:
        model = ProgramPage
        skip_postgeneration_save = True

    @factory.post_generation
    def need_categories(self, create, extracted, **kwargs):
        self.need_categories.set(
            extracted or [NeedCategory.objects.get(slug="cash-grants")]
        )

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if extracted:
            self.nationwide = False
            self.regions.set(extracted)

    @factory.post_generation
    def partial_states(self, create, extracted, **kwargs):
        if extracted:
            self.nationwide = False
            self.partial_states.set(extracted)

    @factory.post_generation
    def service_places(self, create, extracted, **kwargs):
        if extracted:
            self.service_places.set(extracted)

    @factory.post_generation
    def ways_to_help(self, create, extracted, **kwargs):
        """``ways_to_help=[{...}, ...]``: ways to help (``WayToHelpFactory``
        fields), saved before the page is published so its revision holds them."""
        for fields in extracted or ():
            WayToHelpFactory(page=self, **fields)

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        """Publish a revision holding the relations (pass publish=False for a draft)."""
        if not create:
            return
        if extracted is False:
            self.live = False
            self.has_unpublished_changes = True
        self.save()
        revision = self.save_revision()
        if extracted is not False:
            revision.publish()


class WayToHelpFactory(factory.django.DjangoModelFactory):
    """A way to give money from anywhere; pass ``places`` (regions) for one done
    in person in those places (``reach="places"``)."""

    kind = HelpKind.MONEY
    next_step = factory.Sequence(lambda n: f"Give to the fund, way {n}")
    reach = HelpReach.REMOTE
    url = "https://example.org/give"
    source_url = "https://example.org/ways-to-help"

    class Meta:
        model = WayToHelp
        skip_postgeneration_save = True

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if extracted:
            self.places.set(extracted)  # a ParentalManyToMany: kept on save
            self.save()


def state(code):
    return Region.objects.get(kind="state", code=code.upper())


def county(slug):
    return Region.objects.get(kind="county", slug=slug)


def picked(*regions):
    """Regions as the program editor's place picker posts them (a JSON list)."""
    return json.dumps([{"pk": region.pk} for region in regions])


def minimal_site():
    """The one site-tree builder of the tests: an empty root, a home page as the
    default site's root (served as testserver) and nothing else; returns home."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    return home
