"""Curator admin for the directory: programs, organisations, needs and regions."""

import django_filters

from django.db.models import Count
from django.utils.functional import classproperty

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.choices import RegionKind
from directory.filters import ProgramCuratorFilterSet
from directory.models import NeedCategory, Organisation, ProgramPage, Region


class ProgramPageFilterSet(ProgramCuratorFilterSet, PageFilterSet):
    """Wagtail's page filters plus the curator filters."""

    class Meta:
        model = ProgramPage
        fields = []


class ProgramPageListingViewSet(PageListingViewSet):
    """Every program in one list, filterable by need, state, status and verification."""

    model = ProgramPage
    menu_label = "Programs"
    menu_icon = "list-ul"
    filterset_class = ProgramPageFilterSet

    @classproperty
    def columns(cls):
        extra = [
            Column("organisation", label="Organisation", sort_key="organisation__name"),
            Column(
                "application_status",
                label="Applications",
                accessor="get_application_status_display",
                sort_key="application_status",
            ),
            Column("last_verified_at", label="Verified", sort_key="last_verified_at"),
        ]
        return [col for col in super().columns if col.name != "parent"] + extra


class OrganisationFilterSet(WagtailFilterSet):
    has_website = django_filters.BooleanFilter(
        label="Has a website", field_name="website", method="filter_has_website"
    )

    class Meta:
        model = Organisation
        fields = []

    def filter_has_website(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(website="") if value else queryset.filter(website="")


class OrganisationViewSet(SnippetViewSet):
    """Organisations; searched with the ORM so it works on SQLite as on PostgreSQL."""

    model = Organisation
    icon = "group"
    list_display = [
        "name",
        "website",
        "phone",
        Column("program_count", label="Programs"),
    ]
    search_fields = ["name", "website", "email", "ein"]
    search_backend_name = None
    filterset_class = OrganisationFilterSet
    ordering = ["name"]

    def get_queryset(self, request):
        return Organisation.objects.annotate(program_count=Count("programs"))


class NeedCategoryFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(
        label="Group",
        field_name="parent",
        queryset=NeedCategory.objects.groups(),
        empty_label="Any group",
    )
    is_group = django_filters.BooleanFilter(
        label="Groups only", field_name="parent", lookup_expr="isnull"
    )

    class Meta:
        model = NeedCategory
        fields = []


class NeedCategoryViewSet(SnippetViewSet):
    """Need groups and categories."""

    model = NeedCategory
    icon = "tag"
    list_display = ["name", "slug", "parent", "sort_order"]
    search_fields = ["name", "slug", "description"]
    search_backend_name = None
    filterset_class = NeedCategoryFilterSet
    ordering = ["parent__sort_order", "sort_order", "name"]

    def get_queryset(self, request):
        return NeedCategory.objects.select_related("parent")


class RegionFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="Kind", choices=RegionKind.choices)
    state = django_filters.ModelChoiceFilter(
        label="In state",
        field_name="parent",
        queryset=Region.objects.states(),
        empty_label="Any state",
    )

    class Meta:
        model = Region
        fields = []


class RegionViewSet(SnippetViewSet):
    """Country, states and counties served by programs."""

    model = Region
    icon = "site"
    list_display = ["name", "kind", "code", "parent", "slug"]
    search_fields = ["name", "slug", "code"]
    search_backend_name = None
    filterset_class = RegionFilterSet
    ordering = ["kind", "name"]
    list_per_page = 50

    def get_queryset(self, request):
        return Region.objects.select_related("parent")


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (
        ProgramPageListingViewSet("programs"),
        OrganisationViewSet,
        NeedCategoryViewSet,
        RegionViewSet,
    )


register_snippet(DirectoryGroup)
