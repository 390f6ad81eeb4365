"""The “Will I qualify?” page at /qualify/: seven optional questions, then every
program serving the person's place grouped by verdict (``directory.screener``).

The answers are the most sensitive data on the site: they live in the session only
(a POST stores them, then a redirect to a plain GET reads them), never in a URL, a
log, the cache or another table, and every response is private and not indexed.
"""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from directory import screener
from directory.forms import FormSection
from directory.models import ProgramPage
from directory.taxonomy import taxonomy
from home.views import private
from search.backends import get_backend
from search.query import SearchQuery

SESSION_KEY = "screener"
# Every program serving a place, on one page: far more than the directory holds.
MAX_PROGRAMS = 1000
MAX_INCOME = 10_000_000
RATHER_NOT_SAY = ("", _("I'd rather not say"))


# What to mend in a ZIP code we don't know, by the place it is for.
ZIP_UNKNOWN = {
    "where you live": _(
        "That is not a ZIP code we know for where you live. Check it: five "
        "digits, like 78701."
    ),
    "where you are treated": _(
        "That is not a ZIP code we know for where you are treated. Check it: "
        "five digits, like 78701."
    ),
}


def zip_code(value, where):
    """A typed ZIP code as a five-digit code we know (the search's own reading),
    or a ValidationError saying what to mend (``where``: a key of
    ``ZIP_UNKNOWN``)."""
    value = value.strip()
    if not value:
        return ""
    place = SearchQuery.from_params({"zip": value})
    if not place.zip:
        raise forms.ValidationError(ZIP_UNKNOWN[where])
    return place.zip


class QualifyForm(forms.Form):
    """The screener's questions; every one may be left out."""

    zip = forms.CharField(
        label=_("Your ZIP code"),
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
        ),
    )
    treated_zip = forms.CharField(
        label=_("ZIP code where you are treated, if it is somewhere else"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    diagnosis = forms.ChoiceField(
        label=_("Your diagnosis"),
        required=False,
        choices=[*screener.DIAGNOSES.items(), RATHER_NOT_SAY],
        widget=forms.RadioSelect,
    )
    treatment = forms.ChoiceField(
        label=_("Your treatment now"),
        required=False,
        choices=[*screener.TREATMENTS.items(), RATHER_NOT_SAY],
        widget=forms.RadioSelect,
    )
    age = forms.IntegerField(
        label=_("Your age"),
        required=False,
        min_value=1,
        max_value=120,
        error_messages={
            "invalid": _("Please give your age in years, as a number, like 52."),
            "min_value": _("Please give your age in years, from 1 to 120."),
            "max_value": _("Please give your age in years, from 1 to 120."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    household = forms.IntegerField(
        label=_("People in your household, you included"),
        required=False,
        min_value=1,
        max_value=20,
        error_messages={
            "invalid": _("Please give the number of people, like 3."),
            "min_value": _("Please give the number of people, from 1 to 20."),
            "max_value": _("Please give the number of people, from 1 to 20."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    income = forms.CharField(
        label=_("Your household's yearly income before tax, in dollars"),
        required=False,
        max_length=20,
        help_text=_("Everyone in the household together, for example 38,000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    income_declined = forms.BooleanField(
        label=_("I'd rather not say my income"), required=False
    )
    applicant = forms.ChoiceField(
        label=_("Who is applying"),
        required=False,
        choices=[*screener.APPLICANTS.items(), RATHER_NOT_SAY],
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label=_("What you need help with"),
        required=False,
        help_text=_("Leave them all empty to see every kind of help."),
        widget=forms.CheckboxSelectMultiple,
    )

    QUESTIONS = [
        (_("Where you live"), ["zip", "treated_zip"]),
        (_("Your diagnosis"), ["diagnosis"]),
        (_("Your treatment now"), ["treatment"]),
        (_("Your age"), ["age"]),
        (
            _("Your household and its income"),
            ["household", "income", "income_declined"],
        ),
        (_("Who is applying"), ["applicant"]),
        (_("What you need help with"), ["needs"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tax = taxonomy()
        self.fields["needs"].choices = [
            (slug, tax.group_label(slug)) for slug in (tax.groups or {})
        ]

    def questions(self):
        """The questions in order, each a legend and its bound fields."""
        return [
            FormSection(legend, [self[name] for name in names])
            for legend, names in self.QUESTIONS
        ]

    def clean_zip(self):
        return zip_code(self.cleaned_data["zip"], "where you live")

    def clean_treated_zip(self):
        return zip_code(self.cleaned_data["treated_zip"], "where you are treated")

    def clean_income(self):
        """Dollars as typed ("$38,000", "38000"): a whole number, not negative."""
        text = self.cleaned_data["income"].strip()
        if not text:
            return None
        digits = text.replace(",", "").replace("$", "").replace(" ", "")
        if digits.endswith(".00"):
            digits = digits[:-3]
        if not (digits.isascii() and digits.isdigit()):
            raise forms.ValidationError(
                gettext(
                    "Please give the income as a whole number of dollars, like 38000."
                )
            )
        if int(digits) > MAX_INCOME:
            raise forms.ValidationError(
                gettext(
                    "Please check the income: give it for a whole year, in dollars."
                )
            )
        return int(digits)

    def answers(self):
        """What to keep in the session: plain values only; an income the person
        chose not to give is not kept."""
        data = dict(self.cleaned_data)
        if data["income_declined"]:
            data["income"] = None
        return data


def answers_from(session_data):
    """The ``Answers`` in the session, checked again as the form checks them;
    None without answers or when what is there no longer passes."""
    if not isinstance(session_data, dict):
        return None
    form = QualifyForm(
        data={
            key: value
            for key, value in session_data.items()
            if isinstance(value, str | int | bool | list)
        }
    )
    if not form.is_valid():
        return None
    data = form.answers()
    place = SearchQuery.from_params({"zip": data["zip"]}) if data["zip"] else None
    return screener.Answers(
        zip=data["zip"],
        state=place.state if place else "",
        treated_zip=data["treated_zip"],
        diagnosis=data["diagnosis"],
        treatment=data["treatment"],
        age=data["age"],
        household=data["household"],
        income=data["income"],
        income_declined=data["income_declined"],
        applicant=data["applicant"],
        needs=tuple(data["needs"]),
    )


def screenings(answers, income):
    """Every visible program serving the person's place (the search's own place
    rules) for the needs chosen, each screened. Nothing is logged or cached."""
    query = SearchQuery.from_params(
        {
            "zip": answers.zip,
            "treated_near": answers.treated_zip,
            "need": list(answers.needs),
        }
    ).replace(page_size=MAX_PROGRAMS)
    hits = get_backend().search(query).hits
    programs = ProgramPage.objects.visible().in_bulk([hit.program_id for hit in hits])
    return [
        screener.screen(programs[hit.program_id], hit, answers, income)
        for hit in hits
        if hit.program_id in programs
    ]


def qualify(request):
    """The questions, and the programs grouped by verdict once answered."""
    status = 200
    answers = answers_from(request.session.get(SESSION_KEY))
    if request.method == "POST":
        form = QualifyForm(request.POST)
        if form.is_valid():
            request.session[SESSION_KEY] = form.answers()
            return private(redirect("qualify"))
        status = 400
        answers = None
    else:
        form = QualifyForm(initial=request.session.get(SESSION_KEY) if answers else {})
    context = {"form": form, "answers": answers}
    if answers is not None:
        income = screener.household_income(answers)
        groups = screener.grouped(screenings(answers, income))
        context.update(
            income=income,
            groups=[
                {"verdict": verdict, "label": label, "screenings": groups[verdict]}
                for verdict, label in screener.VERDICTS.items()
            ],
            total=sum(len(items) for items in groups.values()),
        )
    return private(render(request, "directory/qualify.html", context, status=status))


@require_POST
def forget(request):
    """“Forget my answers”: the answers leave the session."""
    request.session.pop(SESSION_KEY, None)
    return private(redirect("qualify"))
