"""Fixed vocabularies of the directory. Each has a tolerant ``parse()`` that keeps known
values and silently drops anything else, so a bad URL parameter never breaks a page."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Values renamed when the vocabularies became exact (December 2026): files written
# before still import. "any-treatment" claimed maintenance therapy counted.
RENAMED = {
    "any-treatment": "includes-maintenance",
    "active-excluding-maintenance": "excludes-maintenance",
    "periodic": "opens-periodically",
}


class ParseMixin:
    @classmethod
    def parse(cls, values):
        """Return the known values among ``values`` (a string or an iterable), in order,
        without duplicates; unknown values are ignored."""
        if values is None:
            return []
        if isinstance(values, str):
            values = [values]
        known = set(cls.values)
        seen = []
        for value in values:
            if isinstance(value, str):
                value = RENAMED.get(value, value)
            if isinstance(value, str) and value in known and value not in seen:
                seen.append(value)
        return seen


class RegionKind(ParseMixin, models.TextChoices):
    COUNTRY = "country", "Country"
    STATE = "state", "State or territory"
    COUNTY = "county", "County"


class CancerScope(ParseMixin, models.TextChoices):
    METASTATIC_BREAST = "metastatic-breast", _("Metastatic breast cancer only")
    BREAST_ANY_STAGE = "breast-any-stage", _("Breast cancer, any stage")
    ANY_CANCER = "any-cancer", _("Any cancer")
    ANYONE = "anyone", _("Anyone")


class TreatmentRequirement(ParseMixin, models.TextChoices):
    """Whether people must be in treatment, as a person on long-term hormonal or
    maintenance therapy (most people with metastatic breast cancer) needs to know.
    Only what the program's own words say: "not stated" is an honest answer."""

    NONE = "none", _("No treatment requirement")
    INCLUDES_MAINTENANCE = (
        "includes-maintenance",
        _("In treatment; long-term hormonal or maintenance therapy counts"),
    )
    ACTIVE_TREATMENT = (
        "active-treatment",
        _("Must be in treatment; whether maintenance therapy counts is not stated"),
    )
    EXCLUDES_MAINTENANCE = (
        "excludes-maintenance",
        _(
            "In active treatment; long-term hormonal or maintenance therapy does "
            "not count"
        ),
    )
    UNKNOWN = "unknown", _("Not stated — ask them")

    @classmethod
    def open_to_maintenance(cls):
        """The values a person on maintenance therapy can rely on."""
        return [cls.NONE, cls.INCLUDES_MAINTENANCE]


class HelpType(ParseMixin, models.TextChoices):
    CASH = "cash", _("Cash paid to you")
    BILL_PAID = "bill-paid-to-provider", _("A bill paid to the provider or creditor")
    CARD = "gift-or-prepaid-card", _("A gift or prepaid card")
    GOODS = "goods", _("Goods delivered")
    SERVICE = "service", _("A service")
    SUPPORT = "support", _("Support and connection")
    INFORMATION = "information", _("Information and navigation")


class ReapplyRule(ParseMixin, models.TextChoices):
    ONE_TIME = "one-time", _("One time only")
    YEARLY = "yearly", _("Once a year")
    MONTHLY_LIMITED = "monthly-limited", _("Monthly, up to a limit")
    UNLIMITED = "unlimited", _("As often as needed")
    UNKNOWN = "unknown", _("Not stated")


class WhoApplies(ParseMixin, models.TextChoices):
    SELF = "self", _("You or a caregiver can apply")
    REFERRAL = "referral", _("A social worker or medical team must refer you")


class ApplicationStatus(ParseMixin, models.TextChoices):
    """Whether the program takes applications, as last confirmed. Only ``open``
    means "taking applications now"; ``unknown`` reads "check with them"."""

    OPEN = "open", _("Taking applications")
    OPENS_PERIODICALLY = "opens-periodically", _("Opens at set times")
    WAITLIST = "waitlist", _("Waitlist")
    OUT_OF_FUNDS = "out-of-funds", _("Out of funds for now")
    CLOSED = "closed", _("Closed")
    UNKNOWN = "unknown", _("Not known — check with them")


class ProgramStatus(ParseMixin, models.TextChoices):
    """HSDS service status."""

    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Temporarily closed")
    DEFUNCT = "defunct", _("Defunct (no longer runs)")


class StandardDocument(ParseMixin, models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Proof of diagnosis from your medical team")
    TREATMENT = "treatment", _("Proof that you are in treatment")
    INCOME = "income", _("Proof of income (pay stubs, tax return or benefits letter)")
    IDENTITY = "identity", _("Photo ID")
    RESIDENCE = "residence", _("Proof of address")
    BILLS = "bills", _("Copies of the bills you need help with")
    REFERRAL = "referral", _("A referral or form from a social worker or nurse")
    INSURANCE = "insurance", _("Insurance card or coverage details")


class Language(ParseMixin, models.TextChoices):
    """ISO 639-1 codes of the languages most spoken in US homes."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    CHINESE = "zh", _("Chinese")
    TAGALOG = "tl", _("Tagalog")
    VIETNAMESE = "vi", _("Vietnamese")
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    KOREAN = "ko", _("Korean")
    RUSSIAN = "ru", _("Russian")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    PORTUGUESE = "pt", _("Portuguese")
    GERMAN = "de", _("German")
    HINDI = "hi", _("Hindi")
    POLISH = "pl", _("Polish")
    JAPANESE = "ja", _("Japanese")
    ITALIAN = "it", _("Italian")
    PERSIAN = "fa", _("Persian")
    URDU = "ur", _("Urdu")
    BENGALI = "bn", _("Bengali")


class HelpKind(ParseMixin, models.TextChoices):
    """How a friend, donor or volunteer can help through a program."""

    MONEY = "money", _("Give money")
    ITEMS = "items", _("Give items")
    VOLUNTEER = "volunteer", _("Volunteer")
    SPONSOR = "sponsor", _("Sponsor something")


class VolunteerRole(ParseMixin, models.TextChoices):
    """What a volunteer does, for finding a role that suits a person."""

    DRIVER = "driver", _("Driver")
    PILOT = "pilot", _("Pilot")
    MAKER = "maker", _("Knitter, crocheter or sewer")
    COOK = "cook", _("Cook or meal packer")
    DELIVERY = "delivery", _("Delivering meals or items")
    CLEANER = "cleaner", _("House cleaner")
    HOST = "host", _("Host (a room or a home)")
    CARD_WRITER = "card-writer", _("Card and letter writer")
    PEER = "peer", _("Peer supporter or mentor")
    BEAUTY = "beauty", _("Beauty and styling")
    EVENTS = "events", _("Events and fundraising")
    OFFICE = "office", _("Packing and office help")
    OTHER = "other", _("Other")


class ItemCondition(ParseMixin, models.TextChoices):
    """Whether donated items must be new, may be handmade or gently used."""

    NEW = "new", _("New only")
    HANDMADE = "handmade", _("Handmade")
    NEW_OR_HANDMADE = "new-or-handmade", _("New or handmade")
    GENTLY_USED = "gently-used", _("New or gently used")
    NOT_STATED = "not-stated", _("Not stated")


class HelpReach(ParseMixin, models.TextChoices):
    """Where a way to help can be done: from anywhere (online, by mail, from home),
    in person wherever the organisation runs it, or in person in named places."""

    REMOTE = "remote", _("From anywhere: online, by mail or from home")
    NATIONWIDE = "nationwide", _("In person, anywhere in the US it runs")
    PLACES = "places", _("In person, in the places listed")

    @classmethod
    def words(cls, reach, places=""):
        """Where a way to help can be done, in plain words, the same on every page
        (``places``: the names of its places, for "in the places listed")."""
        if reach in (cls.REMOTE, cls.NATIONWIDE):
            return str(cls(reach).label)
        if places:
            # Translators: %(places)s is a list of states or counties, "Travis
            # County, TX; Texas".
            return gettext("In person in %(places)s") % {"places": places}
        return gettext("In person, where it runs")
