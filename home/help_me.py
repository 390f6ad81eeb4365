"""How you can help me: the fixed list of things a patient may ask friends for, and
the signed link that carries their choice. The link holds everything (the asks'
codes, an optional first name, note and ZIP code, and the ids of programs from My
list); nothing is written to the database, and the link stops working after
``LINK_DAYS``."""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext_lazy as _

from directory.choices import VolunteerRole
from search.words import fold

SALT = "brightside.help-me"
LINK_DAYS = 60
NAME_MAX_LENGTH = 40
NOTE_MAX_LENGTH = 280
MAX_PROGRAMS = 50


@dataclass(frozen=True)
class Ask:
    """One thing a patient may ask for: what a friend can do about it in plain
    words, and the needs and volunteer roles that find programs a friend can help
    through (need slugs are the seed categories, or a group for all of its own)."""

    code: str
    label: str
    ideas: tuple[str, ...]
    needs: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


ASKS = (
    Ask(
        "meals",
        # Translators: each ask's label is a heading on a patient's share page,
        # and is also shown in lower case inside "They would welcome help with …".
        _("Meals"),
        (
            _("Cook a meal that freezes well and drop it off."),
            _("Send a grocery delivery or a meal from a favourite place."),
            _("Offer a set day: “I’ll bring dinner every Thursday.”"),
        ),
        needs=("groceries-and-meals",),
        roles=(VolunteerRole.COOK, VolunteerRole.DELIVERY),
    ),
    Ask(
        "rides",
        _("Rides"),
        (
            _("Drive them to an appointment and wait, or pick them up after."),
            _("Offer a set day: “I’ll drive you every Tuesday.”"),
            _("Give a gas card, or pay for parking at the treatment centre."),
        ),
        needs=("rides-to-treatment", "gas-cards", "parking"),
        roles=(VolunteerRole.DRIVER,),
    ),
    Ask(
        "house-cleaning",
        _("House cleaning"),
        (
            _("Come round for an hour of tidying, laundry or dishes."),
            _("Pay for a cleaner to come once, or every few weeks."),
            _("Take on the yard, the bins or the snow."),
        ),
        needs=("house-cleaning",),
        roles=(VolunteerRole.CLEANER,),
    ),
    Ask(
        "childcare",
        _("Childcare"),
        (
            _("Take the children to school, or pick them up, on a set day."),
            _("Have them over for an afternoon or a sleepover."),
            _("Be the person they can call when an appointment runs late."),
        ),
        needs=("childcare",),
    ),
    Ask(
        "pet-care",
        _("Pet care"),
        (
            _("Walk the dog, or feed the cat, on treatment days."),
            _("Take a pet to the vet or the groomer."),
            _("Look after a pet for a few days during a hospital stay."),
        ),
        needs=("pet-care",),
    ),
    Ask(
        "errands",
        _("Errands"),
        (
            _("Pick up prescriptions, groceries or the post."),
            _("Ask for their shopping list before you go to the shops yourself."),
            _("Return library books, parcels or things that need mending."),
        ),
        roles=(VolunteerRole.DELIVERY,),
    ),
    Ask(
        "gas-grocery-cards",
        _("Gas or grocery cards"),
        (
            _("Give a gas card for the drives to appointments."),
            _("Give a grocery store card, or a card for a meal delivery service."),
            _("Ask friends to chip in together for one larger card."),
        ),
        needs=("gas-cards", "groceries-and-meals"),
    ),
    Ask(
        "bill",
        _("Help with a bill"),
        (
            _("Help pay one bill: the electricity, the phone, a copay."),
            _("Sit down together and help fill in an application for help."),
            _("Make the phone calls to a program, with their permission."),
        ),
        needs=("money-and-bills", "financial-navigation"),
    ),
    Ask(
        "company",
        # Translators: companionship (someone to keep them company), not a business.
        _("Company"),
        (
            _("Keep them company at a long appointment."),
            _("Come round for a cup of tea, a film or a walk."),
            _("Call or text on a set day, just to talk."),
        ),
        # Programs that give company; not peer volunteering, which asks for
        # people who have lived it, not a friend's help for this person.
        needs=("support-groups", "peer-mentors"),
    ),
    Ask(
        "cards",
        _("Cards and messages"),
        (
            _("Send a card or a letter: no need for the perfect words."),
            _("Send a short message that needs no reply."),
            _("Put together a small care box with things from their own list."),
        ),
        needs=("gift-and-care-boxes",),
        roles=(VolunteerRole.CARD_WRITER,),
    ),
)
ASKS_BY_CODE = {ask.code: ask for ask in ASKS}


# Words that name a diagnosis, its treatment or its surgery, in English and in
# Spanish: the share page shows them only in the patient's own note, or with the
# patient's leave. They are looked for in the text with its accents taken off
# ("oncológico", "metastático", "cáncer" typed with a separate accent mark)...
DIAGNOSIS_WORDS = re.compile(
    r"cancer|metasta|\bmbc\b|\bcmm\b|oncolog|chemo|quimio|tumou?r|carcinoma"
    r"|breast|mamari|mastectom|lymph[oe]?edema|linf[oe]?edema|radiation|radiaci"
    r"|radioterap",
    re.IGNORECASE,
)
# ...and the breast named in Spanish, in the text as written, so that "mamá"
# (mum) is not read as "mama" (breast).
BREAST_WORDS_ES = re.compile(
    r"\bde (?:la |los |las )?(?:mamas?|senos?|pechos?)\b", re.I
)


def names_diagnosis(text):
    """Whether ``text`` names a diagnosis, its treatment or its surgery."""
    return bool(
        DIAGNOSIS_WORDS.search(fold(text))
        or BREAST_WORDS_ES.search(unicodedata.normalize("NFC", text))
    )


@dataclass(frozen=True)
class HelpRequest:
    """What a shared link says: the asks in the list's order, and what the patient
    chose to add. Every value has been checked (see ``from_payload``)."""

    asks: tuple[Ask, ...]
    name: str = ""
    note: str = ""
    zip: str = ""
    program_ids: tuple[int, ...] = ()
    # The patient agreed to ways and programs whose own words name a diagnosis
    # ("American Cancer Society"); otherwise the page leaves them out.
    may_name_diagnosis: bool = False

    def payload(self):
        """The short dict the link carries (codes, not labels)."""
        return {
            "a": [ask.code for ask in self.asks],
            "n": self.name,
            "m": self.note,
            "z": self.zip,
            "p": list(self.program_ids),
            "d": self.may_name_diagnosis,
        }

    def may_show(self, *texts):
        """Whether a way or program whose card shows ``texts`` may be on the page:
        the page never names a diagnosis the patient did not agree to."""
        return self.may_name_diagnosis or not any(
            names_diagnosis(text or "") for text in texts
        )

    @classmethod
    def from_payload(cls, payload):
        """A request from a link's contents, or None when it holds no known ask.
        A validly signed but odd payload (from an older or a hand-made link) is
        read strictly: unknown codes dropped, text cut to length, ids kept only
        when they are whole numbers; a ZIP code that is not five digits dropped."""
        if not isinstance(payload, dict):
            return None
        codes = _strings(payload.get("a"))
        asks = tuple(ask for ask in ASKS if ask.code in codes)
        if not asks:
            return None
        zip_code = _text(payload.get("z"), 5)
        ids = payload.get("p")
        return cls(
            asks=asks,
            name=_text(payload.get("n"), NAME_MAX_LENGTH),
            note=_text(payload.get("m"), NOTE_MAX_LENGTH),
            zip=zip_code if zip_code.isascii() and zip_code.isdigit() else "",
            program_ids=tuple(
                value
                for value in (ids if isinstance(ids, list) else [])
                if type(value) is int and 0 < value < 2**31
            )[:MAX_PROGRAMS],
            may_name_diagnosis=payload.get("d") is True,
        )


def _strings(value):
    return (
        {item for item in value if isinstance(item, str)}
        if isinstance(value, list)
        else set()
    )


def _text(value, max_length):
    """A string as printable text, at most ``max_length`` characters."""
    if not isinstance(value, str):
        return ""
    text = "".join(ch for ch in value if ch.isprintable() or ch == "\n")
    return text.strip()[:max_length]


class LinkExpired(Exception):
    """A genuine link, older than ``LINK_DAYS``."""


def make_link(request):
    """The signed token of a ``HelpRequest`` (goes in the URL's path)."""
    return signing.dumps(request.payload(), salt=SALT, compress=True)


def read_link(token):
    """The ``HelpRequest`` in a token, or None when the token was changed or holds
    nothing we can show; raises LinkExpired for a genuine token past its time."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 86400)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature:
        return None
    return HelpRequest.from_payload(payload)


def works_until(token):
    """The date a valid token stops working: ``LINK_DAYS`` after it was signed (the
    time stamp ``signing.dumps`` puts before the signature)."""
    stamp = signing.b62_decode(token.rsplit(":", 2)[-2])
    made = datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)
    return (made + datetime.timedelta(days=LINK_DAYS)).date()
