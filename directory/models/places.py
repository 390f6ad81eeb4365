"""The places picker: the kinds of region each program field takes, found by typing.

The program editor's place fields use wagtail-autocomplete. Each field names one of
these proxies of ``Region``, so the picker offers only what the field takes, labels
every county with its state and lists the matches grouped by state (the state
itself first).
"""

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower, Replace

from directory.choices import RegionKind
from directory.geo import TERRITORIES, spelling
from directory.models.snippets import Region


def letters_of(field):
    """A name's letters and digits, lower case: "St. Clair County" → stclaircounty,
    so that spellings with other spaces or punctuation find it ("de witt")."""
    value = Lower(field)
    for mark in (" ", ".", "-", "'"):
        value = Replace(value, Value(mark), Value(""))
    return value


def typed_letters(word):
    """A typed word as ``letters_of`` spells names: accents dropped ("doña" →
    dona), and "saint" as the data writes it, "st"."""
    letters = spelling(word)
    return "st" + letters[5:] if letters.startswith("saint") else letters


class PickablePlace(Region):
    """States and counties a program serves whole (the "Regions" field). The
    District of Columbia's county-equivalent is left out: the district is the same
    place."""

    kinds = (RegionKind.STATE, RegionKind.COUNTY)

    class Meta:
        proxy = True
        verbose_name = "place"
        # Chosen places list grouped by state, the state before its counties.
        ordering = [
            Case(
                When(kind=RegionKind.STATE, then=F("name")), default=F("parent__name")
            ).asc(),
            F("kind").desc(),
            "name",
        ]

    @classmethod
    def offered(cls):
        places = cls.objects.filter(kind__in=cls.kinds).select_related("parent")
        return places.exclude(kind=RegionKind.COUNTY, name=F("parent__name"))

    @classmethod
    def autocomplete_custom_queryset_filter(cls, search_term, request=None):
        """Places whose name, or whose state's name or code, holds every word
        typed: those whose own name starts with it first, then those of the state
        whose name does; each lot grouped by state, the state before its counties."""
        places = cls.offered().annotate(letters=letters_of("name"))
        for word in search_term.split():
            places = places.filter(
                Q(name__icontains=word)
                | Q(letters__contains=typed_letters(word))
                | Q(kind=RegionKind.STATE, code__iexact=word)
                | Q(kind=RegionKind.COUNTY, parent__name__icontains=word)
                | Q(kind=RegionKind.COUNTY, parent__code__iexact=word)
            )
        flag = models.BooleanField()
        places = places.annotate(
            state_name=Case(
                When(kind=RegionKind.STATE, then=F("name")), default=F("parent__name")
            ),
            is_state=Case(
                When(kind=RegionKind.STATE, then=True), default=False, output_field=flag
            ),
        )
        # What was typed starts a place's name ("texas county") or its state's
        # ("texas"): those first, then the rest.
        typed = search_term.strip()
        places = places.annotate(
            name_typed=Case(
                When(name__istartswith=typed, then=True),
                default=False,
                output_field=flag,
            ),
            state_typed=Case(
                When(state_name__istartswith=typed, then=True),
                default=False,
                output_field=flag,
            ),
        )
        return places.order_by(
            "-name_typed", "-state_typed", "state_name", "-is_state", "name"
        )

    def autocomplete_label(self):
        if self.kind == RegionKind.COUNTY and self.name == self.parent.name:
            return f"{self.name} (as a county)"
        if self.kind == RegionKind.COUNTY:
            return f"{self.name}, {self.parent.name}"
        if self.code in TERRITORIES:
            return f"{self.name} (territory)"
        if self.code == "DC":
            return f"{self.name} (federal district)"
        return f"{self.name} (state)"


class PickableState(PickablePlace):
    """States and territories only ("States served in part")."""

    kinds = (RegionKind.STATE,)

    class Meta:
        proxy = True
        verbose_name = "state"


class PickableCounty(PickablePlace):
    """Counties only ("Where the help is given"): every county-equivalent, the
    District of Columbia's included, since help is given at a place."""

    kinds = (RegionKind.COUNTY,)

    class Meta:
        proxy = True
        verbose_name = "county"

    @classmethod
    def offered(cls):
        return cls.objects.filter(kind__in=cls.kinds).select_related("parent")


# The models the admin's place search answers for (wagtail-autocomplete's "type").
PICKER_MODELS = {
    model._meta.label_lower: model
    for model in (PickablePlace, PickableState, PickableCounty)
}
