"""The partner form's ways to help: up to three (or as many as the listing has,
and one more), a plain Django formset that works without JavaScript. A way left
empty is ignored, and "Remove this way" (or clearing it) removes one; each way
given is checked with the rules of every way to help (``way_problems``) and
becomes way values for ``apply_values``.

A way's source is curators' own record: an update never shows it, and a way the
partner leaves without one keeps the source curators have for it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.choices import HelpKind, HelpReach, ItemCondition, VolunteerRole
from directory.forms import PlainCharField, WebLinkField, place_slugs
from directory.models.ways_to_help import NEXT_STEP_MAX_LENGTH
from directory.program_fields import WAY_FIELDS, way_problems

PARTNER_WAYS = 3
WAYS_PREFIX = "ways"
CHOOSE = _("Choose…")


def with_blank(choices, label=CHOOSE):
    return [("", label), *choices]


class WayToHelpForm(forms.Form):
    """One way friends, donors or volunteers can help, as a partner tells us."""

    kind = forms.ChoiceField(
        label=_("How people can help"),
        choices=with_blank(HelpKind.choices),
        error_messages={"required": _("Choose how people can help.")},
    )
    role = forms.ChoiceField(
        label=_("What volunteers do"),
        choices=with_blank(VolunteerRole.choices, _("Not a volunteer role")),
        required=False,
    )
    next_step = PlainCharField(
        label=_("What to do next"),
        max_length=NEXT_STEP_MAX_LENGTH,
        help_text=_("One plain sentence: “Sign up to drive patients to treatment”."),
        error_messages={"required": _("Write the one next step a helper takes.")},
    )
    what = PlainCharField(
        label=_("Which items, or what a sponsorship pays for"),
        required=False,
        help_text=_(
            "For items or a sponsorship: “soft knitted caps”, “one house cleaning”."
        ),
    )
    # These two have an answer chosen already, so they are never "required".
    item_condition = forms.ChoiceField(
        label=_("Must items be new?"),
        choices=ItemCondition.choices,
        initial=ItemCondition.NOT_STATED,
        required=False,
    )
    send_to = PlainCharField(
        label=_("Where to send or take items"), required=False, max_length=255
    )
    requirements = PlainCharField(
        label=_("What a helper needs"),
        required=False,
        help_text=_("As you state it: a driver's licence, a background check, an age."),
    )
    reach = forms.ChoiceField(
        label=_("Where it can be done"),
        choices=HelpReach.choices,
        initial=HelpReach.REMOTE,
        widget=forms.RadioSelect,
        required=False,
    )
    places = PlainCharField(
        label=_("Places"),
        required=False,
        max_length=1000,
        help_text=_(
            "Only for “in the places listed”: states or counties, separated "
            "by semicolons, as “Travis County, TX; Texas”."
        ),
    )
    whole_organisation = forms.BooleanField(
        label=_("This helps the whole organisation, not only this program"),
        required=False,
    )
    url = WebLinkField(label=_("Link to sign up, donate or read more"), required=False)
    source_url = WebLinkField(
        label=_("The page on your website that says this"),
        required=False,
        help_text=_("We read it before the way to help appears."),
    )

    def __init__(self, *args, kept_source="", **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_source = kept_source
        if kept_source:
            self.fields["source_url"].help_text = _(
                "Leave empty to keep the page we have."
            )

    def clean_item_condition(self):
        return self.cleaned_data["item_condition"] or ItemCondition.NOT_STATED

    def clean_reach(self):
        return self.cleaned_data["reach"] or HelpReach.REMOTE

    def clean_places(self):
        return place_slugs(self.cleaned_data["places"].split(";"), states=True)

    def clean(self):
        """The rules of every way to help, each on the field it is about."""
        cleaned = super().clean()
        if not self.errors:
            for problem in way_problems(self.way_values()):
                self.add_error(problem.field, problem.message)
        return cleaned

    def way_values(self):
        """This way as ``apply_values`` takes it (its source kept if left out)."""
        values = {name: self.cleaned_data.get(name) for name in WAY_FIELDS}
        values["source_url"] = values["source_url"] or self.kept_source
        values["places"] = self.cleaned_data.get("places") or []
        return values


class BaseWaysFormSet(forms.BaseFormSet):
    """Every form of the set may be left empty (an empty one is ignored), the
    prefilled ones too: clearing a way is how a partner removes it."""

    def __init__(self, *args, kept_sources=(), **kwargs):
        self.kept_sources = list(kept_sources)
        super().__init__(*args, prefix=WAYS_PREFIX, **kwargs)

    def initial_form_count(self):
        return 0

    def get_form_kwargs(self, index):
        kept = self.kept_sources[index] if index < len(self.kept_sources) else ""
        return {**super().get_form_kwargs(index), "kept_source": kept}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this way")

    def way_values(self):
        """The ways the partner gave, in order (only on a valid formset)."""
        return [
            form.way_values()
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]

    def error_count(self):
        return len(self.non_form_errors()) + sum(len(e) for e in self.errors)


def ways_formset(data=None, program=None):
    """The ways part of the partner form; for an update, prefilled with the
    listing's ways (never their sources), with room for all of them. A post
    without this part (``sent`` is False) gives no ways and changes none."""
    ways = list(program.ways_to_help.all()) if program else []
    # Room for every way the listing has and a new one.
    total = max(PARTNER_WAYS, len(ways) + 1)
    sent = data is None or f"{WAYS_PREFIX}-TOTAL_FORMS" in data
    if not sent:
        data = {f"{WAYS_PREFIX}-TOTAL_FORMS": "0", f"{WAYS_PREFIX}-INITIAL_FORMS": "0"}
    formset = forms.formset_factory(
        WayToHelpForm,
        formset=BaseWaysFormSet,
        extra=total,
        max_num=total,
        absolute_max=total,
        validate_max=True,
        can_delete=bool(ways),
    )
    formset = formset(
        data,
        initial=None if data is not None else [initial_way(way) for way in ways],
        kept_sources=[way.source_url for way in ways],
    )
    formset.sent = sent
    return formset


def initial_way(way):
    """A listing's way as the form shows it: places as text (states first), no
    source."""
    initial = {name: getattr(way, name) for name in WAY_FIELDS if name != "source_url"}
    places = sorted(way.places.all(), key=lambda r: (r.kind != "state", r.name))
    initial["places"] = "; ".join(str(region) for region in places)
    return initial


def way_summary(values):
    """A way a partner sent, in one line for curators."""
    parts = [str(HelpKind(values["kind"]).label) if values.get("kind") else "?"]
    if values.get("role"):
        parts[0] += f" ({VolunteerRole(values['role']).label})"
    parts += [values.get(name) for name in ("next_step", "what", "requirements")]
    if values.get("places"):
        parts.append("places: " + ", ".join(values["places"]))
    return " — ".join(part for part in parts if part)
