"""Fixed vocabularies of the directory. Each has a tolerant ``parse()`` that keeps known
values and silently drops anything else, so a bad URL parameter never breaks a page."""

from django.db import models

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
    METASTATIC_BREAST = "metastatic-breast", "Metastatic breast cancer only"
    BREAST_ANY_STAGE = "breast-any-stage", "Breast cancer, any stage"
    ANY_CANCER = "any-cancer", "Any cancer"
    ANYONE = "anyone", "Anyone"


class TreatmentRequirement(ParseMixin, models.TextChoices):
    """Whether people must be in treatment, as a person on long-term hormonal or
    maintenance therapy (most people with metastatic breast cancer) needs to know.
    Only what the program's own words say: "not stated" is an honest answer."""

    NONE = "none", "No treatment requirement"
    INCLUDES_MAINTENANCE = (
        "includes-maintenance",
        "In treatment; long-term hormonal or maintenance therapy counts",
    )
    ACTIVE_TREATMENT = (
        "active-treatment",
        "Must be in treatment; whether maintenance therapy counts is not stated",
    )
    EXCLUDES_MAINTENANCE = (
        "excludes-maintenance",
        "In active treatment; long-term hormonal or maintenance therapy does not count",
    )
    UNKNOWN = "unknown", "Not stated — ask them"

    @classmethod
    def open_to_maintenance(cls):
        """The values a person on maintenance therapy can rely on."""
        return [cls.NONE, cls.INCLUDES_MAINTENANCE]


class HelpType(ParseMixin, models.TextChoices):
    CASH = "cash", "Cash paid to you"
    BILL_PAID = "bill-paid-to-provider", "A bill paid to the provider or creditor"
    CARD = "gift-or-prepaid-card", "A gift or prepaid card"
    GOODS = "goods", "Goods delivered"
    SERVICE = "service", "A service"
    SUPPORT = "support", "Support and connection"
    INFORMATION = "information", "Information and navigation"


class ReapplyRule(ParseMixin, models.TextChoices):
    ONE_TIME = "one-time", "One time only"
    YEARLY = "yearly", "Once a year"
    MONTHLY_LIMITED = "monthly-limited", "Monthly, up to a limit"
    UNLIMITED = "unlimited", "As often as needed"
    UNKNOWN = "unknown", "Not stated"


class WhoApplies(ParseMixin, models.TextChoices):
    SELF = "self", "You or a caregiver can apply"
    REFERRAL = "referral", "A social worker or medical team must refer you"


class ApplicationStatus(ParseMixin, models.TextChoices):
    """Whether the program takes applications, as last confirmed. Only ``open``
    means "taking applications now"; ``unknown`` reads "check with them"."""

    OPEN = "open", "Taking applications"
    OPENS_PERIODICALLY = "opens-periodically", "Opens at set times"
    WAITLIST = "waitlist", "Waitlist"
    OUT_OF_FUNDS = "out-of-funds", "Out of funds for now"
    CLOSED = "closed", "Closed"
    UNKNOWN = "unknown", "Not known — check with them"


class ProgramStatus(ParseMixin, models.TextChoices):
    """HSDS service status."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Temporarily closed"
    DEFUNCT = "defunct", "Defunct (no longer runs)"


class StandardDocument(ParseMixin, models.TextChoices):
    DIAGNOSIS = "diagnosis", "Proof of diagnosis from your medical team"
    TREATMENT = "treatment", "Proof that you are in treatment"
    INCOME = "income", "Proof of income (pay stubs, tax return or benefits letter)"
    IDENTITY = "identity", "Photo ID"
    RESIDENCE = "residence", "Proof of address"
    BILLS = "bills", "Copies of the bills you need help with"
    REFERRAL = "referral", "A referral or form from a social worker or nurse"
    INSURANCE = "insurance", "Insurance card or coverage details"


class Language(ParseMixin, models.TextChoices):
    """ISO 639-1 codes of the languages most spoken in US homes."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    CHINESE = "zh", "Chinese"
    TAGALOG = "tl", "Tagalog"
    VIETNAMESE = "vi", "Vietnamese"
    ARABIC = "ar", "Arabic"
    FRENCH = "fr", "French"
    KOREAN = "ko", "Korean"
    RUSSIAN = "ru", "Russian"
    HAITIAN_CREOLE = "ht", "Haitian Creole"
    PORTUGUESE = "pt", "Portuguese"
    GERMAN = "de", "German"
    HINDI = "hi", "Hindi"
    POLISH = "pl", "Polish"
    JAPANESE = "ja", "Japanese"
    ITALIAN = "it", "Italian"
    PERSIAN = "fa", "Persian"
    URDU = "ur", "Urdu"
    BENGALI = "bn", "Bengali"


class HelpKind(ParseMixin, models.TextChoices):
    """How a friend, donor or volunteer can help through a program."""

    MONEY = "money", "Give money"
    ITEMS = "items", "Give items"
    VOLUNTEER = "volunteer", "Volunteer"
    SPONSOR = "sponsor", "Sponsor something"


class VolunteerRole(ParseMixin, models.TextChoices):
    """What a volunteer does, for finding a role that suits a person."""

    DRIVER = "driver", "Driver"
    PILOT = "pilot", "Pilot"
    MAKER = "maker", "Knitter, crocheter or sewer"
    COOK = "cook", "Cook or meal packer"
    DELIVERY = "delivery", "Delivering meals or items"
    CLEANER = "cleaner", "House cleaner"
    HOST = "host", "Host (a room or a home)"
    CARD_WRITER = "card-writer", "Card and letter writer"
    PEER = "peer", "Peer supporter or mentor"
    BEAUTY = "beauty", "Beauty and styling"
    EVENTS = "events", "Events and fundraising"
    OFFICE = "office", "Packing and office help"
    OTHER = "other", "Other"


class ItemCondition(ParseMixin, models.TextChoices):
    """Whether donated items must be new, may be handmade or gently used."""

    NEW = "new", "New only"
    HANDMADE = "handmade", "Handmade"
    NEW_OR_HANDMADE = "new-or-handmade", "New or handmade"
    GENTLY_USED = "gently-used", "New or gently used"
    NOT_STATED = "not-stated", "Not stated"


class HelpReach(ParseMixin, models.TextChoices):
    """Where a way to help can be done: from anywhere (online, by mail, from home),
    in person wherever the organisation runs it, or in person in named places."""

    REMOTE = "remote", "From anywhere: online, by mail or from home"
    NATIONWIDE = "nationwide", "In person, anywhere in the US it runs"
    PLACES = "places", "In person, in the places listed"

    @classmethod
    def words(cls, reach, places=""):
        """Where a way to help can be done, in plain words, the same on every page
        (``places``: the names of its places, for "in the places listed")."""
        if reach in (cls.REMOTE, cls.NATIONWIDE):
            return cls(reach).label
        return f"In person in {places}" if places else "In person, where it runs"
