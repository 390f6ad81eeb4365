"""Querying programs: what patients may see, with what cards and exports show, in
batches for rebuilds, open ones first."""

from django.db import models

from wagtail.query import PageQuerySet

from directory.choices import ApplicationStatus, ProgramStatus
from directory.program_fields import SPANISH_FIELDS, WAY_SPANISH_FIELDS

# What "closed" means for a program: paused (inactive) or applications closed.
# ProgramPage.is_closed says the same for one page; search rows copy it.
CLOSED_STATUSES = (ProgramStatus.INACTIVE,)
CLOSED_APPLICATION_STATUSES = (ApplicationStatus.CLOSED,)
CLOSED = models.Q(status__in=CLOSED_STATUSES) | models.Q(
    application_status__in=CLOSED_APPLICATION_STATUSES
)


def untranslated(names):
    """Rows with one of the fields ``names`` written in English and empty in
    Spanish (``<name>_es``)."""
    missing = models.Q()
    for name in names:
        missing |= ~models.Q(**{name: ""}) & models.Q(**{f"{name}_es": ""})
    return missing


# Ways to help with their places (and each place's state): what a program's ways
# show wherever they are read.
WAYS_LOOKUP = "ways_to_help__places__parent"


class ProgramPageQuerySet(PageQuerySet):
    def visible(self):
        """What patients may see: live, public and not defunct."""
        return self.live().public().exclude(status=ProgramStatus.DEFUNCT)

    def with_details(self):
        """With what a card, a document or an export shows: the organisation, the
        needs and places (each with its parent), fetched in three queries."""
        return self.select_related("organisation").prefetch_related(
            "need_categories__parent",
            "regions__parent",
            "partial_states",
            "service_places",
        )

    def with_ways(self):
        """With their ways to help and each way's places (open data and search
        rows show them)."""
        return self.prefetch_related(WAYS_LOOKUP)

    def in_batches(self, size):
        """These programs in id order, ``size`` at a time, each batch
        ``with_details()`` (for rebuilding indexes without loading them all)."""
        ids = list(self.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), size):
            yield self.model.objects.filter(
                pk__in=ids[start : start + size]
            ).with_details()

    def lacking_spanish(self):
        """Programs with English text not yet in Spanish: a field of
        ``SPANISH_FIELDS``, or of a way to help's ``WAY_SPANISH_FIELDS``, written
        in English and empty in Spanish."""
        ways = self.model._meta.get_field("ways_to_help").related_model.objects
        untranslated_way = ways.filter(
            untranslated(WAY_SPANISH_FIELDS), page=models.OuterRef("pk")
        )
        return self.filter(
            untranslated(SPANISH_FIELDS) | models.Exists(untranslated_way)
        )

    def closed(self):
        """Programs not taking applications: paused, or applications closed."""
        return self.filter(CLOSED)

    def open_first(self):
        """Open programs before closed ones, then most recently verified, then A–Z."""
        return self.annotate(
            is_closed_flag=models.Case(
                models.When(CLOSED, then=models.Value(1)),
                default=models.Value(0),
                output_field=models.IntegerField(),
            )
        ).order_by(
            "is_closed_flag",
            models.F("last_verified_at").desc(nulls_last=True),
            "title",
        )
