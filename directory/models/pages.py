"""The program page: one page per program, with its editor form and queryset."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtailautocomplete.edit_handlers import AutocompletePanel

from directory.choices import (
    ApplicationStatus,
    CancerScope,
    HelpType,
    Language,
    ProgramStatus,
    ReapplyRule,
    StandardDocument,
    TreatmentRequirement,
    WhoApplies,
)
from directory.fields import ChoiceListField
from directory.models.feedback import ProblemReport
from directory.models.places import PickableCounty, PickablePlace, PickableState
from directory.models.program_queries import (
    CLOSED_APPLICATION_STATUSES,
    CLOSED_STATUSES,
    ProgramPageQuerySet,
)
from directory.program_fields import (
    NEEDS_REQUIRED,
    PROGRAM_FIELDS,
    SPANISH_FIELDS,
    one_newline,
    rule_problems,
    way_problems,
)
from directory.structured_data import program_json_ld
from home.i18n import (
    in_spanish,
    shown_in_default_language,
    spanish_title,
    translated,
)

# A listing not verified for this long is "stale" for curators.
STALE_AFTER = datetime.timedelta(days=180)

SUMMARY_MAX_LENGTH = 240

PLAIN_RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


# Spanish runs about a fifth longer than English: its short texts may too.
SPANISH_SUMMARY_MAX_LENGTH = 300


class ProgramPageForm(WagtailAdminPageForm):
    """The page editor with the program rules that span fields (see
    ``directory.program_fields``): at least one need, and a service area that is
    either nationwide or a list of places, not both."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "need_categories" in self.fields:
            self.fields["need_categories"].error_messages["required"] = NEEDS_REQUIRED
        if "regions" in self.fields:
            # What the picker offers: not the country ("nationwide" says that),
            # nor a county that is its state (the District of Columbia).
            self.fields["regions"].queryset = PickablePlace.offered()

    def clean(self):
        cleaned_data = super().clean()
        if "regions" in self.fields:
            area = {
                "nationwide": cleaned_data.get("nationwide"),
                "regions": list(cleaned_data.get("regions") or []),
                "partial_states": list(cleaned_data.get("partial_states") or []),
            }
            for problem in rule_problems(area):
                self.add_error(problem.field, problem.message)
        self.check_ways_to_help()
        return cleaned_data

    def check_ways_to_help(self):
        """Each way to help's places against where it can be done (the rest of its
        rules its own ``clean`` checks)."""
        formset = self.formsets.get("ways_to_help")
        if formset is None or not formset.is_valid():
            return
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            values = {
                "reach": data.get("reach"),
                "places": list(data.get("places") or []),
            }
            for problem in way_problems(values):
                form.add_error(problem.field, problem.message)


class ProgramPage(Page):
    """One program that gives help (a grant, a ride, a wig...): who it serves, what you
    get, how to apply and when a curator last checked it."""

    # --- Content ---
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="programs",
        help_text="Who runs this program.",
    )
    summary = models.CharField(
        max_length=SUMMARY_MAX_LENGTH,
        help_text="One or two plain sentences shown in search results (at most "
        "240 characters).",
    )
    description = RichTextField(
        features=PLAIN_RICH_TEXT,
        blank=True,
        help_text="What the program does, in plain words.",
    )
    need_categories = ParentalManyToManyField(
        "directory.NeedCategory",
        related_name="programs",
        limit_choices_to={"parent__isnull": False},
        help_text="Every need this program helps with (at least one).",
    )

    # --- Who it serves ---
    nationwide = models.BooleanField(
        default=False,
        help_text="Tick if anyone in the United States can get this help.",
    )
    nationwide_local_sites = models.BooleanField(
        "only where a local site exists",
        default=False,
        help_text="Tick if a nationwide program helps only where it has a local "
        "site, chapter or partner (people should check theirs).",
    )
    regions = ParentalManyToManyField(
        "directory.Region",
        related_name="programs",
        blank=True,
        limit_choices_to={"kind__in": ["state", "county"]},
        help_text="Whole states and/or named counties served, when not nationwide. "
        "Only what the program names: for “parts of” a state use the next field.",
    )
    partial_states = ParentalManyToManyField(
        "directory.Region",
        related_name="partly_served_by",
        blank=True,
        limit_choices_to={"kind": "state"},
        verbose_name="states served in part",
        help_text="States the program serves only in some areas it does not name "
        "(“parts of New Hampshire”). Shown as “parts of … — ask which areas”.",
    )
    service_places = ParentalManyToManyField(
        "directory.Region",
        related_name="help_given_in",
        blank=True,
        limit_choices_to={"kind": "county"},
        verbose_name="where the help is given",
        help_text="Only for help given nowhere else (lodging, a boutique fitting): "
        "the counties where it is. Searches then find it only within 50 miles of "
        "where a person lives or is treated; who may apply is set above. Leave "
        "empty when help also reaches people by mail, phone or online.",
    )
    service_area_note = models.CharField(
        max_length=255,
        blank=True,
        help_text="The area in words when it is not whole states or counties, "
        "e.g. “Greater Boston”.",
    )
    cancer_scope = models.CharField(
        max_length=20,
        choices=CancerScope.choices,
        default=CancerScope.ANY_CANCER,
        help_text="Which diagnoses the program serves.",
    )
    treatment_requirement = models.CharField(
        max_length=30,
        choices=TreatmentRequirement.choices,
        default=TreatmentRequirement.UNKNOWN,
        help_text="Whether people must be in treatment. Many people with "
        "metastatic breast cancer are on long-term maintenance therapy: choose "
        "“counts” or “does not count” only when the program says so.",
    )
    income_limit_fpl_percent = models.PositiveIntegerField(
        "income limit (% of federal poverty level)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
        help_text="E.g. 300 for 300% of the federal poverty level. Leave empty "
        "when the program gives none as a percentage.",
    )
    no_income_limit = models.BooleanField(
        "no income limit",
        default=False,
        help_text="Tick only when the program says it has no income rule (“no "
        "financial criteria”). An empty limit without this tick reads as not "
        "stated.",
    )
    min_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text="Youngest age served, if any.",
    )
    max_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text="Oldest age served, if any.",
    )
    other_eligibility = models.TextField(
        blank=True,
        help_text="Any other rule, in plain words (residency, diagnosis proof, ...).",
    )

    # --- What you get ---
    help_types = ChoiceListField(
        choices_class=HelpType, help_text="How the help arrives."
    )
    award = models.CharField(
        max_length=255,
        blank=True,
        help_text="What you get, e.g. “Up to $500” or “One wig”.",
    )
    max_award_usd = models.PositiveIntegerField(
        "largest award (US$)",
        null=True,
        blank=True,
        help_text="The most one person can receive, in dollars.",
    )
    reapply_rule = models.CharField(
        max_length=20,
        choices=ReapplyRule.choices,
        default=ReapplyRule.UNKNOWN,
        help_text="How often someone can get this help.",
    )
    reapply_note = models.CharField(
        max_length=255, blank=True, help_text="Details, e.g. “up to 3 times a year”."
    )
    typical_turnaround = models.CharField(
        max_length=255,
        blank=True,
        help_text="How long help usually takes to arrive, e.g. “2–3 weeks”.",
    )

    # --- How to apply ---
    who_applies = models.CharField(
        max_length=10,
        choices=WhoApplies.choices,
        default=WhoApplies.SELF,
        help_text="Whether people can apply themselves or need a referral.",
    )
    application_status = models.CharField(
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.UNKNOWN,
        help_text="Whether applications are being accepted now. Only “Taking "
        "applications” counts as open in search; not known reads “check with them”.",
    )
    application_status_checked_at = models.DateField(
        "status last confirmed",
        null=True,
        blank=True,
        help_text="When someone last confirmed the application status.",
    )
    application_window = models.CharField(
        max_length=255,
        blank=True,
        help_text="When applications open, e.g. “1st–15th of each month”.",
    )
    application_url = models.URLField(
        "application link",
        max_length=500,
        blank=True,
        help_text="Where to apply online.",
    )
    phone = models.CharField(
        max_length=40, blank=True, help_text="Phone number for this program."
    )
    email = models.EmailField(blank=True, help_text="E-mail address for this program.")
    application_steps = RichTextField(
        features=PLAIN_RICH_TEXT, blank=True, help_text="How to apply, step by step."
    )
    required_documents = ChoiceListField(
        choices_class=StandardDocument, help_text="Documents applicants must provide."
    )
    required_documents_other = models.TextField(
        "other documents", blank=True, help_text="Any other document, one per line."
    )
    languages = ChoiceListField(
        choices_class=Language, help_text="Languages the program works in."
    )

    # --- Verification ---
    last_verified_at = models.DateField(
        "last verified",
        null=True,
        blank=True,
        help_text="When a curator last checked this listing against the "
        "program itself. "
        "Not the same as the last edit.",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The curator who last verified it.",
    )
    verification_note = models.TextField(
        blank=True,
        help_text="How it was verified, e.g. “Called on 3 March; fund open.”",
    )
    status = models.CharField(
        max_length=10,
        choices=ProgramStatus.choices,
        default=ProgramStatus.ACTIVE,
        help_text="Defunct programs never appear in search.",
    )
    is_demo_data = models.BooleanField(
        "demo data",
        default=False,
        help_text="Loaded from research, not yet checked by a curator: shown "
        "with a notice.",
    )
    sources = models.TextField(
        blank=True,
        help_text="Where the facts came from, one link per line (curators only).",
    )
    curator_note = models.TextField(
        blank=True, help_text="Notes for curators; never shown publicly."
    )
    external_id = models.CharField(
        "stable identifier",
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Identifier used by imports and exports; leave as it is.",
    )

    # --- In Spanish (SPANISH_FIELDS) ---
    title_es = spanish_title()
    summary_es = in_spanish(summary, "summary", SPANISH_SUMMARY_MAX_LENGTH)
    description_es = in_spanish(description, "description")
    service_area_note_es = in_spanish(service_area_note, "area in words")
    other_eligibility_es = in_spanish(other_eligibility, "other rules")
    award_es = in_spanish(award, "award", max_length=300)
    reapply_note_es = in_spanish(reapply_note, "how-often details")
    typical_turnaround_es = in_spanish(typical_turnaround, "typical turnaround")
    application_window_es = in_spanish(application_window, "application window")
    application_steps_es = in_spanish(application_steps, "application steps")
    required_documents_other_es = in_spanish(
        required_documents_other, "other documents"
    )

    objects = PageManager.from_queryset(ProgramPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("organisation"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("need_categories", widget=forms.CheckboxSelectMultiple),
    ]
    eligibility_panels = [
        MultiFieldPanel(
            [
                FieldPanel("nationwide"),
                FieldPanel("nationwide_local_sites"),
                AutocompletePanel("regions", target_model=PickablePlace),
                AutocompletePanel("partial_states", target_model=PickableState),
                FieldPanel("service_area_note"),
                AutocompletePanel("service_places", target_model=PickableCounty),
            ],
            heading="Where",
        ),
        FieldPanel("cancer_scope"),
        FieldPanel("treatment_requirement"),
        FieldRowPanel(
            [FieldPanel("income_limit_fpl_percent"), FieldPanel("no_income_limit")]
        ),
        FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")], heading="Age"),
        FieldPanel("other_eligibility"),
    ]
    benefit_panels = [
        FieldPanel("help_types"),
        FieldRowPanel([FieldPanel("award"), FieldPanel("max_award_usd")]),
        FieldRowPanel([FieldPanel("reapply_rule"), FieldPanel("reapply_note")]),
        FieldPanel("typical_turnaround"),
    ]
    apply_panels = [
        FieldPanel("who_applies"),
        FieldRowPanel(
            [
                FieldPanel("application_status"),
                FieldPanel("application_status_checked_at"),
                FieldPanel("application_window"),
            ]
        ),
        FieldPanel("application_url"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("application_steps"),
        FieldPanel("required_documents"),
        FieldPanel("required_documents_other"),
        FieldPanel("languages"),
    ]
    verification_panels = [
        FieldRowPanel([FieldPanel("last_verified_at"), FieldPanel("verified_by")]),
        FieldPanel("verification_note"),
        FieldPanel("status"),
        FieldPanel("is_demo_data"),
        FieldPanel("sources"),
        FieldPanel("curator_note"),
        FieldPanel("external_id"),
    ]
    ways_to_help_panels = [
        InlinePanel(
            "ways_to_help",
            heading="Ways to help",
            label="Way to help",
            help_text="How friends, family, donors and volunteers can help through "
            "this program or its organisation, each from a public source.",
        )
    ]
    spanish_panels = [
        HelpPanel(
            "<p>The listing in Spanish, for the Spanish site (/es/). Translate the "
            "English on the other tabs into plain Spanish, addressing the reader as "
            "<em>usted</em>, and change no fact: amounts, dates, phone numbers and "
            "names stay as they are. A field left empty shows its English, marked "
            "as English; the programs list filters listings with Spanish missing.</p>"
        ),
        *(FieldPanel(f"{name}_es") for name in SPANISH_FIELDS),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(eligibility_panels, heading="Who it serves"),
            ObjectList(benefit_panels, heading="What you get"),
            ObjectList(apply_panels, heading="How to apply"),
            ObjectList(spanish_panels, heading="Spanish"),
            ObjectList(verification_panels, heading="Verification"),
            ObjectList(ways_to_help_panels, heading="Ways to help"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    base_form_class = ProgramPageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("other_eligibility"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("application_status"),
    ]

    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "program"

    def clean(self):
        super().clean()
        for name in (*PROGRAM_FIELDS, *(f"{name}_es" for name in SPANISH_FIELDS)):
            setattr(self, name, one_newline(getattr(self, name)))
        problems = rule_problems(
            {
                "slug": self.slug,
                "min_age": self.min_age,
                "max_age": self.max_age,
                "last_verified_at": self.last_verified_at,
            }
        )
        if problems:
            raise ValidationError(
                {problem.field: problem.message for problem in problems}
            )

    # --- Plain-words helpers for templates and JSON-LD ---

    @cached_property
    def needs(self):
        """Need categories in menu order (uses a prefetch when there is one)."""
        return sorted(
            self.need_categories.all(),
            key=lambda need: (need.parent.sort_order, need.sort_order, need.name),
        )

    @cached_property
    def places(self):
        """States then counties served, by name (uses a prefetch when there is one)."""
        return sorted(self.regions.all(), key=lambda region: (region.kind, region.name))

    @cached_property
    def partial_places(self):
        """States served in parts the program does not name, by name."""
        return sorted(self.partial_states.all(), key=lambda region: region.name)

    @cached_property
    def service_place_list(self):
        """Counties where the help is given, by name."""
        return sorted(self.service_places.all(), key=lambda region: region.name)

    def help_type_labels(self):
        return [HelpType(value).label for value in self.help_types]

    def language_labels(self):
        return [Language(value).label for value in self.languages]

    def document_labels(self):
        return [StandardDocument(value).label for value in self.required_documents]

    def other_documents(self):
        return [
            line.strip()
            for line in translated(self, "required_documents_other").splitlines()
            if line.strip()
        ]

    def source_list(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    def serve(self, request, *args, **kwargs):
        """A defunct program's page is gone (410) with a kind word and a way on."""
        if self.status == ProgramStatus.DEFUNCT:
            response = TemplateResponse(
                request, "directory/program_gone.html", {"page": self}, status=410
            )
            response["X-Robots-Tag"] = "noindex"
            return response
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """Adds ``share_url``, the page's address for "Copy link": built from the
        host the patient reached (the site's configured root may differ, as in
        development), and never with a query string. Empty when the page has no
        address yet (the preview of a new page)."""
        context = super().get_context(request, *args, **kwargs)
        url = self.get_url(request)
        context["share_url"] = request.build_absolute_uri(url) if url else ""
        return context

    def get_sitemap_urls(self, request=None):
        if self.status == ProgramStatus.DEFUNCT:
            return []
        return super().get_sitemap_urls(request)

    def is_visible(self):
        """Whether patients may see it: live, public and not defunct (the rule of
        ``ProgramPage.objects.visible()``, for one page)."""
        return (
            self.live
            and self.status != ProgramStatus.DEFUNCT
            and not self.get_view_restrictions().exists()
        )

    @property
    def is_closed(self):
        """Not taking applications (the rule of ``ProgramPage.objects.closed()``)."""
        return (
            self.status in CLOSED_STATUSES
            or self.application_status in CLOSED_APPLICATION_STATUSES
        )

    @cached_property
    def status_report(self):
        """The oldest open report that the program is out of funds or closed: the
        page says so, neutrally, until a curator resolves it."""
        return (
            ProblemReport.objects.filter(
                program=self,
                resolved_at__isnull=True,
                reason__in=[
                    ProblemReport.Reason.OUT_OF_FUNDS,
                    ProblemReport.Reason.CLOSED,
                ],
            )
            .order_by("created_at")
            .first()
        )

    @property
    def serves_everywhere(self):
        """Nationwide, or listing the country among its places (which the rules
        now refuse, but older data may hold)."""
        return self.nationwide or any(r.kind == "country" for r in self.places)

    @property
    def is_taking_applications(self):
        """Taking applications now: the status says open (nothing else counts)."""
        return self.application_status == ApplicationStatus.OPEN and not self.is_closed

    @property
    def is_stale(self):
        return self.last_verified_at is None or (
            timezone.localdate() - self.last_verified_at > STALE_AFTER
        )

    def age_range(self):
        ages = {"min": self.min_age, "max": self.max_age}
        if self.min_age is not None and self.max_age is not None:
            return gettext("Ages %(min)s to %(max)s") % ages
        if self.min_age is not None:
            return gettext("Age %(min)s or older") % ages
        if self.max_age is not None:
            return gettext("Age %(max)s or younger") % ages
        return ""

    def area_served(self):
        """The service area in plain words: the curator's note, else the places,
        saying what is not known ("parts of … — ask which areas"), in the page's
        language."""
        note = translated(self, "service_area_note")
        if self.serves_everywhere:
            if self.nationwide_local_sites:
                if not note:
                    return gettext(
                        "Across the US where a local site exists — check yours"
                    )
                # Translators: %(area)s is the area in a curator's words
                # ("Greater Boston").
                return gettext("%(area)s — check yours") % {"area": note}
            return note or gettext("Anywhere in the United States")
        if note:
            return note
        return "; ".join(
            [str(region) for region in self.places]
            + [
                # Translators: %(state)s is the name of a US state.
                gettext("Parts of %(state)s — ask which areas") % {"state": state.name}
                for state in self.partial_places
            ]
        )

    def text_written(self):
        """The ``SPANISH_FIELDS`` with English text."""
        return [name for name in SPANISH_FIELDS if getattr(self, name)]

    def text_in_default_language(self):
        """The ``SPANISH_FIELDS`` this page shows in English in the page's
        language, their translation not written yet."""
        return [
            name for name in SPANISH_FIELDS if shown_in_default_language(self, name)
        ]

    def spanish_missing(self):
        """For curators: "Complete", or how many texts (the page's and its ways to
        help's) lack their Spanish."""
        written = self.text_written()
        missing = [name for name in written if not getattr(self, f"{name}_es")]
        for way in self.ways_to_help.all():
            written += way.text_written()
            missing += way.spanish_missing()
        if not missing:
            return "Complete"
        return f"{len(missing)} of {len(written)} missing"

    def places_listed(self):
        return "; ".join(str(region) for region in self.places)

    def json_ld(self):
        """schema.org description of the program, for search engines."""
        return program_json_ld(self)
