"""Taxonomy and organisations that programs point to: curators edit them as snippets."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from directory.choices import RegionKind
from directory.geo import spelling
from home.i18n import translated


def validate_ein(value):
    """A US Employer Identification Number: nine digits, dashes allowed."""
    digits = value.replace("-", "")
    if not (len(digits) == 9 and digits.isascii() and digits.isdigit()):
        raise ValidationError("Enter the EIN as nine digits, like 12-3456789.")


class OrganisationQuerySet(models.QuerySet):
    def matching(self, name, website=""):
        """The organisation with exactly this name, else with this website's host
        (ignoring "www."), else with this name in any case, else None: how
        submissions and imports avoid duplicates."""
        exact = self.filter(name=name).first()
        if exact:
            return exact
        host = _host(website)
        if host:
            for organisation in self.filter(website__icontains=host):
                if _host(organisation.website) == host:
                    return organisation
        return self.filter(name__iexact=name).first()


def _host(url):
    return (urlsplit(url or "").hostname or "").removeprefix("www.")


class Organisation(index.Indexed, models.Model):
    """An organisation that runs one or more programs; its details are public."""

    name = models.CharField(
        max_length=255, unique=True, help_text="The organisation's name as it uses it."
    )
    website = models.URLField(blank=True, help_text="Home page, starting with https://")
    phone = models.CharField(
        max_length=40, blank=True, help_text="Main public phone number."
    )
    email = models.EmailField(blank=True, help_text="Public contact e-mail address.")
    description = models.TextField(
        blank=True, help_text="A sentence or two on who they are."
    )
    ein = models.CharField(
        "EIN",
        max_length=10,
        blank=True,
        help_text="US Employer Identification Number, as 12-3456789 (optional).",
        validators=[validate_ein],
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional logo, shown small beside the organisation's name.",
    )

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("website"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("description"),
        FieldPanel("ein"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"

    def __str__(self):
        return self.name


MAX_WORD_LENGTH = 60


def split_words(text):
    """The words and phrases of a need, one per line: trimmed, spaces collapsed,
    empty lines and repeats (in any case) dropped."""
    words = {}
    for line in (text or "").splitlines():
        word = " ".join(line.split())
        if word:
            words.setdefault(word.casefold(), word)
    return list(words.values())


class NeedCategoryQuerySet(models.QuerySet):
    def groups(self):
        return self.filter(parent__isnull=True)

    def categories(self):
        return self.filter(parent__isnull=False)


class NeedCategory(models.Model):
    """What a person needs help with, in two levels: a group ("Money and bills") and its
    categories ("Cash grants"). Programs are tagged with categories, never groups."""

    name = models.CharField(
        max_length=100, help_text="Plain words, as a patient would say it."
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Used in addresses such as /programs/need/gas-cards/. Change "
        "with care.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text="The group this category belongs to; leave empty to make a group.",
    )
    description = models.TextField(
        blank=True, help_text="One sentence shown when browsing needs."
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first within a group."
    )
    search_words = models.TextField(
        "words people use for it",
        blank=True,
        help_text="One word or phrase per line, as patients type them (light bill, "
        "power, shut-off notice). A search using one finds this category's programs "
        "and says so. Plurals are found without listing them. Categories only.",
    )
    # Spanish (shown on /es/; empty shows the English there).
    name_es = models.CharField(
        "name in Spanish",
        max_length=100,
        blank=True,
        help_text="As a Spanish-speaking patient would say it (Tarjetas de "
        "gasolina). Empty: the Spanish site shows the English name.",
    )
    description_es = models.TextField("description in Spanish", blank=True)
    search_words_es = models.TextField(
        "Spanish words people use for it",
        blank=True,
        help_text="One word or phrase per line (luz, recibo de la luz, aviso de "
        "corte). Accents, plurals and small words (de, la, con) need not be listed. "
        "Categories only.",
    )

    objects = NeedCategoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("search_words"),
        MultiFieldPanel(
            [
                FieldPanel("name_es"),
                FieldPanel("description_es"),
                FieldPanel("search_words_es"),
            ],
            heading="Spanish",
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "need category"
        verbose_name_plural = "need categories"

    def __str__(self):
        if self.parent_id:
            return f"{self.parent.name} › {self.name}"
        return self.name

    @property
    def is_group(self):
        return self.parent_id is None

    @property
    def word_list(self):
        return split_words(self.search_words)

    @property
    def word_list_es(self):
        return split_words(self.search_words_es)

    @property
    def label(self):
        """The name in the page's language (English where no Spanish is written)."""
        return translated(self, "name")

    def clean(self):
        for field in ("search_words", "search_words_es"):
            setattr(self, field, self.clean_words(field))
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(
                {"parent": "Choose a group: needs have only two levels."}
            )
        if self.parent_id and self.pk and self.children.exists():
            raise ValidationError(
                {
                    "parent": "This is a group with categories under it, so it "
                    "cannot move into another group."
                }
            )

    def clean_words(self, field):
        """``field``'s words, one per line, or a ValidationError saying why not."""
        words = split_words(getattr(self, field))
        if words and self.parent_id is None:
            raise ValidationError(
                {
                    field: "Groups have no words of their own: add them to the "
                    "categories in the group."
                }
            )
        too_long = [word for word in words if len(word) > MAX_WORD_LENGTH]
        if too_long:
            raise ValidationError(
                {
                    field: "Keep each line to a short word or phrase (at most "
                    f"{MAX_WORD_LENGTH} characters): “{too_long[0][:40]}…” is longer."
                }
            )
        return "\n".join(words)


class RegionQuerySet(models.QuerySet):
    def states(self):
        return self.filter(kind=RegionKind.STATE)

    def counties(self):
        return self.filter(kind=RegionKind.COUNTY)


class Region(models.Model):
    """A place a program serves: the country, a state or territory, or a county.

    Counties sit under their state and states under the country (``parent``).
    """

    name = models.CharField(
        max_length=100, help_text="For example Texas or Harris County."
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="States use their USPS code (tx); counties their name and "
        "state (harris-county-tx).",
    )
    kind = models.CharField(
        max_length=10, choices=RegionKind.choices, help_text="Country, state or county."
    )
    code = models.CharField(
        max_length=5,
        blank=True,
        help_text="USPS code for states (TX); FIPS code for counties where known.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The state a county is in, or the country a state is in.",
    )

    objects = RegionQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("code"),
        FieldPanel("parent"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "region"
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="unique_region_name_in_parent"
            ),
        ]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self):
        if self.kind == RegionKind.COUNTY and self.parent_id:
            return f"{self.name}, {self.parent.code or self.parent.name}"
        return self.name

    def clean(self):
        expected_parent = {
            RegionKind.COUNTRY: None,
            RegionKind.STATE: RegionKind.COUNTRY,
            RegionKind.COUNTY: RegionKind.STATE,
        }[self.kind]
        if expected_parent is None and self.parent_id:
            raise ValidationError({"parent": "A country has no parent region."})
        if expected_parent and (
            not self.parent_id or self.parent.kind != expected_parent
        ):
            raise ValidationError(
                {
                    "parent": f"A {self.get_kind_display().lower()} must sit "
                    f"under a {expected_parent.label.lower()}."
                }
            )
        if self.kind == RegionKind.STATE and not (
            len(self.code) == 2 and self.code.isalpha()
        ):
            raise ValidationError({"code": "States need their two-letter USPS code."})
        if self.parent_id:
            self._refuse_duplicate()

    def _refuse_duplicate(self):
        """One region per place: no second spelling of a place in the same state
        ("De Witt County" beside "DeWitt County"), and no county that is its state."""
        key = spelling(self.name)
        same = [
            other
            for other in Region.objects.filter(parent_id=self.parent_id).exclude(
                pk=self.pk
            )
            if spelling(other.name) == key
        ]
        if same:
            raise ValidationError(
                {"name": f"“{same[0]}” is already this place: use that one."}
            )
        if (
            self._state.adding
            and self.kind == RegionKind.COUNTY
            and spelling(self.parent.name) == key
        ):
            raise ValidationError(
                {"name": f"This is the whole of {self.parent.name}: choose the state."}
            )

    @property
    def state(self):
        """The state this region is in (itself for a state; None for the country)."""
        if self.kind == RegionKind.STATE:
            return self
        if self.kind == RegionKind.COUNTY:
            return self.parent
        return None
