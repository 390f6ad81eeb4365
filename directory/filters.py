"""The curators' FilterSet for program listings in the admin (django-filter)."""

import django_filters

from django import forms
from django.db.models import Q
from django.utils import timezone

from directory.choices import ApplicationStatus, ProgramStatus
from directory.models import NeedCategory, ProblemReport, ProgramPage, Region
from directory.models.confirmations import LINK_VALID_FOR, due_for_confirmation
from directory.models.pages import STALE_AFTER

VERIFICATION_AGE_CHOICES = [
    ("never", "Never verified"),
    ("stale", f"Not verified in {STALE_AFTER.days} days"),
    ("recent", f"Verified in the last {STALE_AFTER.days} days"),
]


def filter_verification_age(queryset, name, value):
    """Never verified, stale (never or over 180 days ago) or recently verified."""
    cutoff = timezone.localdate() - STALE_AFTER
    if value == "never":
        return queryset.filter(last_verified_at__isnull=True)
    if value == "stale":
        return queryset.filter(
            Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=cutoff)
        )
    if value == "recent":
        return queryset.filter(last_verified_at__gte=cutoff)
    return queryset


def filter_state_served(queryset, name, value):
    """Programs that list the state itself or any of its counties."""
    if not value:
        return queryset
    return queryset.filter(Q(regions=value) | Q(regions__parent=value)).distinct()


def filter_needs_review(queryset, name, value):
    """Listings flagged by an open problem report (or, with False, not flagged)."""
    if value is None:
        return queryset
    flagged = ProblemReport.objects.filter(resolved_at__isnull=True).values(
        "program_id"
    )
    return (
        queryset.filter(pk__in=flagged) if value else queryset.exclude(pk__in=flagged)
    )


def filter_confirmation_due(queryset, name, value):
    """Listings to ask the organisation about (``due_for_confirmation``), or with
    False, the others."""
    if value is None:
        return queryset
    if value:
        return due_for_confirmation(queryset)
    return queryset.exclude(pk__in=due_for_confirmation(ProgramPage.objects.all()))


def filter_lacks_spanish(queryset, name, value):
    """Listings with text not yet translated into Spanish (or, with False, those
    all in Spanish)."""
    if value is None:
        return queryset
    lacking = ProgramPage.objects.lacking_spanish().values("pk")
    return (
        queryset.filter(pk__in=lacking) if value else queryset.exclude(pk__in=lacking)
    )


class ProgramCuratorFilterSet(django_filters.FilterSet):
    """What curators filter program listings by: need, state served, application
    status, program status, how long ago the listing was verified and whether it is
    due for a confirmation request."""

    need = django_filters.ModelMultipleChoiceFilter(
        label="Need",
        field_name="need_categories",
        queryset=NeedCategory.objects.categories(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    state = django_filters.ModelChoiceFilter(
        label="State served",
        queryset=Region.objects.states(),
        method=filter_state_served,
    )
    application_status = django_filters.MultipleChoiceFilter(
        label="Application status",
        choices=ApplicationStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    status = django_filters.MultipleChoiceFilter(
        label="Program status",
        choices=ProgramStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_review = django_filters.BooleanFilter(
        label="Has open problem reports", method=filter_needs_review
    )
    verification_age = django_filters.ChoiceFilter(
        label="Verification",
        choices=VERIFICATION_AGE_CHOICES,
        method=filter_verification_age,
        widget=forms.RadioSelect,
    )
    lacks_spanish = django_filters.BooleanFilter(
        label="Spanish missing",
        method=filter_lacks_spanish,
        help_text="Text written in English and not yet in Spanish (the Spanish "
        "site shows it in English).",
    )
    confirmation_due = django_filters.BooleanFilter(
        label="Due for a confirmation request",
        method=filter_confirmation_due,
        help_text=f"Not verified or confirmed by the organisation in "
        f"{STALE_AFTER.days} days, and not asked in the last {LINK_VALID_FOR.days}.",
    )
