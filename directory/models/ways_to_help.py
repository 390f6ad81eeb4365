"""Ways to help: how friends, family, donors and volunteers can help through a
program or the organisation that runs it (give money, give items, volunteer in a
role, sponsor something). They belong to the program's page, so they are edited in
its editor, go through moderation with it and are seen only while it is."""

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtailautocomplete.edit_handlers import AutocompletePanel

from directory.choices import HelpKind, HelpReach, ItemCondition, VolunteerRole
from directory.models.places import PickablePlace
from directory.program_fields import WAY_SPANISH_FIELDS, way_problems
from home.i18n import in_spanish, written

NEXT_STEP_MAX_LENGTH = 140
# Spanish takes about a fifth more letters to say the same.
NEXT_STEP_ES_MAX_LENGTH = 180
SPANISH_TEXT_MAX_LENGTH = 320  # for the English's 255


class WayToHelp(Orderable, ClusterableModel):
    """One way to help, with the one next step a helper takes ("Mail new, soft hats
    to …", "Sign up to drive patients to treatment"), where it can be done and the
    public page its facts come from."""

    page = ParentalKey(
        "directory.ProgramPage", on_delete=models.CASCADE, related_name="ways_to_help"
    )
    kind = models.CharField(
        max_length=20,
        choices=HelpKind.choices,
        help_text="Give money, give items, volunteer, or sponsor something.",
    )
    whole_organisation = models.BooleanField(
        "helps the whole organisation",
        default=False,
        help_text="Tick if this helps the organisation as a whole (a general "
        "donation, say), not only this program.",
    )
    role = models.CharField(
        max_length=20,
        choices=VolunteerRole.choices,
        blank=True,
        help_text="For volunteers: what they do.",
    )
    what = models.CharField(
        "which items, or what it pays for",
        max_length=255,
        blank=True,
        help_text="For items: which ones (“soft knitted or crocheted caps”). For a "
        "sponsorship: what it pays for (“one house cleaning”).",
    )
    item_condition = models.CharField(
        max_length=20,
        choices=ItemCondition.choices,
        default=ItemCondition.NOT_STATED,
        help_text="For items: must they be new, may they be handmade or used?",
    )
    send_to = models.CharField(
        "where to send or take them",
        max_length=255,
        blank=True,
        help_text="For items: the mailing address or drop-off the organisation "
        "publishes for donations, or how to find it.",
    )
    requirements = models.CharField(
        max_length=255,
        blank=True,
        help_text="What a helper needs, as the organisation states it (a driver's "
        "licence, a background check, a minimum age). Leave empty if not stated.",
    )
    next_step = models.CharField(
        max_length=NEXT_STEP_MAX_LENGTH,
        help_text="The one thing to do next, in plain words: “Sign up to drive "
        "patients to treatment”.",
    )
    reach = models.CharField(
        "where it can be done",
        max_length=20,
        choices=HelpReach.choices,
        default=HelpReach.REMOTE,
        help_text="From anywhere, in person wherever it runs, or in person in the "
        "places listed below.",
    )
    places = ParentalManyToManyField(
        "directory.Region",
        related_name="ways_to_help",
        blank=True,
        limit_choices_to={"kind__in": ["state", "county"]},
        help_text="Only for “in the places listed”: the states or counties.",
    )
    url = models.URLField(
        "link",
        max_length=500,
        blank=True,
        help_text="Where a helper signs up, donates or reads the guidelines.",
    )
    source_url = models.URLField(
        "source",
        max_length=500,
        help_text="The public page these facts come from (curators' own record).",
    )

    # --- In Spanish (WAY_SPANISH_FIELDS) ---
    next_step_es = in_spanish(next_step, "next step", NEXT_STEP_ES_MAX_LENGTH)
    what_es = in_spanish(what, "items or what it pays for", SPANISH_TEXT_MAX_LENGTH)
    send_to_es = in_spanish(send_to, "address or drop-off", SPANISH_TEXT_MAX_LENGTH)
    requirements_es = in_spanish(requirements, "requirements", SPANISH_TEXT_MAX_LENGTH)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("role")]),
        FieldPanel("next_step"),
        FieldPanel("what"),
        FieldRowPanel([FieldPanel("item_condition"), FieldPanel("send_to")]),
        FieldPanel("requirements"),
        FieldPanel("reach"),
        AutocompletePanel("places", target_model=PickablePlace),
        FieldRowPanel([FieldPanel("url"), FieldPanel("source_url")]),
        FieldPanel("whole_organisation"),
        MultiFieldPanel(
            [FieldPanel(f"{name}_es") for name in WAY_SPANISH_FIELDS],
            heading="In Spanish",
            help_text="What the Spanish site shows; an empty one shows the English, "
            "marked as English. Copy an address as it is.",
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "way to help"
        verbose_name_plural = "ways to help"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.next_step}"

    def clean(self):
        super().clean()
        # Places chosen in the editor are not on the instance yet: the page form
        # checks them (ProgramPageForm), and so does every other writer.
        fields = ("kind", "role", "what", "reach", "next_step", "source_url")
        problems = way_problems({name: getattr(self, name) for name in fields})
        if problems:
            raise ValidationError(
                {problem.field: problem.message for problem in problems}
            )

    def text_written(self):
        """The ``WAY_SPANISH_FIELDS`` with English text."""
        return [name for name in WAY_SPANISH_FIELDS if written(getattr(self, name))]

    def spanish_missing(self):
        """The ``WAY_SPANISH_FIELDS`` written in English and not in Spanish."""
        return [
            name
            for name in self.text_written()
            if not written(getattr(self, f"{name}_es"))
        ]

    # What a way's card shows (templates/includes/way_hit.html), named as in a
    # /give/ result.

    @property
    def way_id(self):
        return self.pk

    @property
    def organisation(self):
        return self.page.organisation.name

    @property
    def kind_label(self):
        return HelpKind(self.kind).label

    @property
    def role_label(self):
        return VolunteerRole(self.role).label if self.role else ""

    @property
    def where(self):
        """Where it can be done, in plain words."""
        places = "; ".join(str(place) for place in self.places.all())
        return HelpReach.words(self.reach, places)

    @property
    def condition_label(self):
        if self.item_condition == ItemCondition.NOT_STATED:
            return ""
        return ItemCondition(self.item_condition).label
