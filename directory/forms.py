"""Public forms: partners submit programs (or suggest updates), patients report
problems. Every public form has a honeypot, a signed time-trap, size limits, accepts
http(s) links only and no HTML; the view adds a per-client rate limit."""

import re
import secrets
import time
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from directory import geo
from directory.choices import (
    CancerScope,
    HelpType,
    StandardDocument,
    TreatmentRequirement,
    WhoApplies,
)
from directory.models import ProblemReport
from directory.program_fields import PROGRAM_FIELDS, rule_problems
from directory.taxonomy import taxonomy

TIME_TRAP_SALT = "brightside.forms.time-trap"
# Inputs for a few characters, laid out two to a row (pages.css).
SHORT_INPUT = "input--short"
# Plain messages (translated where they are used).
WHO_APPLIES_REQUIRED = gettext_noop(
    "Choose who applies: the person themselves (or a caregiver), or only a social "
    "worker or medical team by referral."
)
CANCER_SCOPE_REQUIRED = gettext_noop(
    "Choose who the program is for: metastatic breast cancer only, breast cancer "
    "at any stage, any cancer, or anyone."
)
# Looks like markup: "<" followed by a letter, "/", "!" or "?".
HTML_RE = re.compile(r"<\s*[a-zA-Z/!?]")


def no_html(value):
    if value and HTML_RE.search(str(value)):
        raise ValidationError(gettext("Please use plain text: remove anything in < >."))


class PlainCharField(forms.CharField):
    """Text with a length limit and no HTML."""

    def __init__(self, *args, max_length=255, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(no_html)


class PlainTextField(PlainCharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, max_length=3000, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)


class WebLinkField(forms.URLField):
    """A link that starts with http:// or https:// and nothing else."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(*args, **kwargs)


class ProtectedForm(forms.Form):
    """A honeypot field people never see and a signed timestamp: bots fill every
    field and post at once; people take a few seconds. The timestamp is signed for
    one kind of form and works once (``claim_token``)."""

    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("started", self.time_trap_token())

    @classmethod
    def time_trap_salt(cls):
        return f"{TIME_TRAP_SALT}:{cls.__name__}"

    @classmethod
    def time_trap_token(cls, started_at=None):
        """A signed (start time, one-off number) for this kind of form."""
        started_at = time.time() if started_at is None else started_at
        return signing.dumps(
            [started_at, secrets.token_urlsafe(12)], salt=cls.time_trap_salt()
        )

    def claim_token(self):
        """Mark this valid form's token used; False if it was used already. When
        the cache does not answer, the send goes through rather than being lost."""
        nonce = self.cleaned_data.get("time_trap_nonce")
        added = cache.add(
            f"time-trap:{nonce}", 1, timeout=settings.FORM_TIME_TRAP_MAX_SECONDS
        )
        if added is False:
            # A fresh token in the page, so a deliberate second send can go.
            self.data = self.data.copy()
            self.data["started"] = self.time_trap_token()
            return False
        return True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise ValidationError(
                gettext("This form could not be sent. Please try again."),
                code="honeypot",
            )
        try:
            started, nonce = signing.loads(
                cleaned.get("started") or "",
                salt=self.time_trap_salt(),
                max_age=settings.FORM_TIME_TRAP_MAX_SECONDS,
            )
            elapsed = time.time() - float(started)
        except (signing.BadSignature, TypeError, ValueError) as error:
            raise ValidationError(
                gettext(
                    "This form was open too long or has expired. Please send it again."
                ),
                code="time_trap",
            ) from error
        cleaned["time_trap_nonce"] = str(nonce)
        if elapsed > settings.FORM_TIME_TRAP_MAX_SECONDS:
            raise ValidationError(
                gettext(
                    "This form was open too long or has expired. Please send it again."
                ),
                code="time_trap",
            )
        if elapsed < settings.FORM_TIME_TRAP_MIN_SECONDS:
            raise ValidationError(
                gettext(
                    "That was very quick. Please check your answers and send again."
                ),
                code="time_trap",
            )
        return cleaned


class CheckboxColumns(forms.CheckboxSelectMultiple):
    """Checkboxes in as many columns as fit (``.choice-list--columns`` in
    pages.css), so long lists take fewer screens; ``wide`` columns for labels
    that are sentences (one column on a phone). With ``fold`` (the words of a
    <summary>) the list sits in a <details>, folded until something in it is
    chosen or wrong: the states, which a nationwide program never needs."""

    def __init__(self, attrs=None, choices=(), fold="", wide=False):
        super().__init__(attrs, choices)
        self.fold = fold
        self.wide = wide


class FormSection(NamedTuple):
    """One fieldset of a long form: its legend and its bound fields, in order."""

    legend: str
    fields: list


def need_choices():
    return [
        (needs[0].group_label, [(need.slug, need.label) for need in needs])
        for _, needs in taxonomy().need_groups
    ]


def state_choices():
    return [(code, name) for code, name, _ in taxonomy().states]


def place_slugs(names, *, states=False):
    """Places as partners write them ("Harris County, TX", and with ``states``
    also "Texas" or "TX") as region slugs; every one must be a real place."""
    tax = taxonomy()
    state_slugs = {}
    if states:
        for code, state_name, _ in tax.states:
            state_slugs[code.casefold()] = state_slugs[state_name.casefold()] = (
                geo.state_slug(code)
            )
    slugs, unknown = [], []
    for name in (name.strip() for name in names):
        if not name:
            continue
        county, _, code = name.rpartition(",")
        match = state_slugs.get(name.casefold()) or next(
            (
                slug
                for slug, county_name, _ in tax.counties.get(code.strip().upper(), ())
                if county_name.casefold() == county.strip().casefold()
            ),
            None,
        )
        (slugs if match else unknown).append(match or name)
    if unknown:
        if states:
            message = gettext(
                # Translators: %(names)s are the places as the partner wrote them;
                # keep the example places in English (they are matched as written).
                "We could not find: %(names)s. Write each as “Harris County, TX” "
                "or “Texas”."
            )
        else:
            message = gettext(
                # Translators: %(names)s are the places as the partner wrote them;
                # keep the example place in English (it is matched as written).
                "We could not find: %(names)s. Write each as “Harris County, TX”."
            )
        raise ValidationError(message, params={"names": "; ".join(unknown)})
    return slugs


class ProgramSubmissionForm(ProtectedForm):
    """What a partner organisation can tell us about a program."""

    organisation_name = PlainCharField(label=_("Organisation name"), max_length=255)
    organisation_website = WebLinkField(label=_("Organisation website"), required=False)
    title = PlainCharField(label=_("Program name"), max_length=255)
    summary = PlainCharField(
        label=_("Short summary"),
        max_length=240,
        help_text=_("One or two sentences shown in search results (240 characters)."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = PlainTextField(label=_("What the program does"), required=False)
    needs = forms.MultipleChoiceField(
        label=_("Needs it helps with"),
        choices=need_choices,
        widget=CheckboxColumns,
    )
    nationwide = forms.BooleanField(
        label=_("Anyone in the US can get it"), required=False
    )
    states = forms.MultipleChoiceField(
        label=_("States served (whole states)"),
        choices=state_choices,
        required=False,
        widget=CheckboxColumns(fold=_("Choose the states")),
    )
    counties = PlainCharField(
        label=_("Counties served"),
        required=False,
        help_text=_("Only some counties? One per line, as “Harris County, TX”."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    help_types = forms.MultipleChoiceField(
        label=_("How help arrives"),
        choices=HelpType.choices,
        widget=CheckboxColumns(wide=True),
        required=False,
    )
    # No answer is chosen for the partner: a default would be taken as the truth.
    cancer_scope = forms.ChoiceField(
        label=_("Diagnoses it serves"),
        choices=CancerScope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _(CANCER_SCOPE_REQUIRED)},
    )
    treatment_requirement = forms.ChoiceField(
        label=_("Treatment requirement"),
        choices=TreatmentRequirement.choices,
        initial=TreatmentRequirement.UNKNOWN,
    )
    income_limit_fpl_percent = forms.IntegerField(
        # xgettext:no-python-format
        label=_("Income limit (% of the federal poverty level)"),
        required=False,
        min_value=1,
        max_value=1000,
    )
    min_age = forms.IntegerField(
        label=_("Youngest age"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": SHORT_INPUT}),
    )
    max_age = forms.IntegerField(
        label=_("Oldest age"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": SHORT_INPUT}),
    )
    other_eligibility = PlainTextField(label=_("Other rules"), required=False)
    award = PlainCharField(label=_("What people get"), required=False)
    # Drives the "I can apply myself" filter: no answer is chosen for the partner.
    who_applies = forms.ChoiceField(
        label=_("Who applies"),
        choices=WhoApplies.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _(WHO_APPLIES_REQUIRED)},
    )
    application_steps = PlainTextField(label=_("Steps to apply"), required=False)
    application_url = WebLinkField(label=_("Application link"), required=False)
    phone = PlainCharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail for applicants"), required=False)
    required_documents = forms.MultipleChoiceField(
        label=_("Documents applicants need"),
        choices=StandardDocument.choices,
        widget=CheckboxColumns(wide=True),
        required=False,
    )
    submitter_name = PlainCharField(label=_("Your name"), max_length=120)
    submitter_email = forms.EmailField(label=_("Your e-mail"))
    submitter_role = PlainCharField(
        label=_("Your role at the organisation"), max_length=120, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I may share these details, and Brightside may publish the program "
            "details (not my name or e-mail) after review."
        )
    )

    # The fieldsets of the page, in order; every field but the hidden time-trap
    # is in one of them (the honeypot too, hidden from people by its own markup).
    SECTIONS = (
        (
            _("About the program"),
            (
                "organisation_name",
                "organisation_website",
                "title",
                "summary",
                "description",
                "needs",
                "help_types",
                "award",
            ),
        ),
        (
            _("Who it is for"),
            (
                "cancer_scope",
                "treatment_requirement",
                "income_limit_fpl_percent",
                "min_age",
                "max_age",
                "other_eligibility",
            ),
        ),
        (_("Where"), ("nationwide", "states", "counties")),
        (
            _("How to apply"),
            (
                "who_applies",
                "application_url",
                "phone",
                "email",
                "application_steps",
                "required_documents",
            ),
        ),
        (
            _("About you"),
            (
                "submitter_name",
                "submitter_email",
                "submitter_role",
                "consent",
                "homepage",
            ),
        ),
    )

    # The shared rules, in this form's own labels.
    MESSAGES = {
        "no_service_area": _(
            "Tick “Anyone in the US” or choose the states or counties served."
        ),
    }

    def sections(self):
        """The visible fields grouped as the page shows them, one fieldset each."""
        return [
            FormSection(legend, [self[name] for name in names])
            for legend, names in self.SECTIONS
        ]

    def clean_counties(self):
        """Counties as region slugs; each must name a real county."""
        return place_slugs(self.cleaned_data.get("counties", "").splitlines())

    def clean(self):
        """The program rules every channel shares (``directory.program_fields``);
        the places rule is shown on the states field."""
        cleaned = super().clean()
        values = {
            "min_age": cleaned.get("min_age"),
            "max_age": cleaned.get("max_age"),
            "nationwide": cleaned.get("nationwide"),
            "regions": [*cleaned.get("states", []), *cleaned.get("counties", [])],
        }
        if values["nationwide"]:
            values["regions"] = []  # places are ignored for a nationwide program
        for problem in rule_problems(values):
            field = "states" if problem.field == "regions" else problem.field
            self.add_error(field, self.MESSAGES.get(problem.code, problem.message))
        return cleaned


class ProblemReportForm(ProtectedForm):
    """“Report a problem” on a listing."""

    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ProblemReport.Reason.choices,
        widget=forms.RadioSelect,
    )
    details = PlainTextField(
        label=_("Tell us more (optional)"), required=False, max_length=2000
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        help_text=_("Only if we may ask you more. We never publish it."),
    )


# The program fields the partner form asks for under their own names (the places,
# needs and organisation are asked for in the form's own terms).
PARTNER_FIELDS = tuple(
    name
    for name in PROGRAM_FIELDS
    if name in ProgramSubmissionForm.base_fields and name != "nationwide"
)


class ReopenAlertForm(ProtectedForm):
    """“Tell me when it reopens” on a closed listing: one address, nothing else."""

    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("We write once, when it reopens, then forget your address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
