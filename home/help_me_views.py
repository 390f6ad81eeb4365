"""How you can help me, the pages: the builder at /give/ask/ (a patient ticks what
would help), the page that hands them their share link, and the page friends open
at /give/for/<token>/. Everything they show comes from the signed link (and, while
building, from My list in the session); nothing is written to the database.

The share page is about one person: private, never stored, never indexed, and it
sends no referrer (the token is in its path). It names no diagnosis in its own
words: friends may forward it, and it is the patient's to say."""

from dataclasses import dataclass

from django import forms
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from directory import geo
from directory.choices import HelpReach, VolunteerRole
from directory.program_fields import WAY_SPANISH_VALUES
from directory.screener_views import zip_code
from home import help_me, my_list
from home.help_me import ASKS, ASKS_BY_CODE, HelpRequest
from home.views import private
from search.backends import get_backend
from search.give import GiveQuery, programs_serving
from search.views import url_for

WAYS_PER_ASK = 5
# Searched for each ask, to leave some out (see ``ways_for``) and keep WAYS_PER_ASK.
WAYS_SEARCHED = 20
# Without a known place, only ways that need none: done from anywhere, or wherever
# the organisation runs them.
PLACE_FREE = (HelpReach.REMOTE, HelpReach.NATIONWIDE)


class AskForm(forms.Form):
    """What would help, and what the patient wants friends to read with it."""

    asks = forms.MultipleChoiceField(
        label=_("What would help you?"),
        choices=[(ask.code, ask.label) for ask in ASKS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick as many as you like."),
        error_messages={
            "required": _("Please tick at least one thing that would help.")
        },
    )
    name = forms.CharField(
        label=_("Your first name"),
        required=False,
        max_length=help_me.NAME_MAX_LENGTH,
        help_text=_("Optional. The page will say “How you can help” and this name."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    note = forms.CharField(
        label=_("A short note for your friends"),
        required=False,
        max_length=help_me.NOTE_MAX_LENGTH,
        # help_text: set in __init__ (it names NOTE_MAX_LENGTH).
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    zip = forms.CharField(
        label=_("Your ZIP code"),
        required=False,
        max_length=10,
        help_text=_("Optional. With it, friends see ways to help near you."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
        ),
    )
    include_my_list = forms.BooleanField(
        label=_("Include the programs on My list"), required=False
    )
    may_name_diagnosis = forms.BooleanField(
        label=_("Also show ways to help through cancer charities"),
        required=False,
        help_text=_(
            "Their names and descriptions say “cancer”. Leave this unticked "
            "if you would rather the page did not say what you are living with."
        ),
    )

    def __init__(self, *args, saved_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = gettext(
            "Optional, up to %(count)s characters. Anyone with the link can read "
            "it, so share only what you are happy for them to see."
        ) % {"count": help_me.NOTE_MAX_LENGTH}
        self.fields["include_my_list"].help_text = (
            ngettext(
                "Friends can help you apply to them. Your list has %(count)s program.",
                "Friends can help you apply to them. Your list has %(count)s programs.",
                saved_count,
            )
            % {"count": saved_count}
            if saved_count
            else gettext(
                "My list is empty in this browser, so there is nothing to include."
            )
        )

    def clean_zip(self):
        return zip_code(self.cleaned_data["zip"], "where you live")

    def help_request(self, saved_ids):
        """The ``HelpRequest`` to put in the link."""
        data = self.cleaned_data
        return HelpRequest(
            asks=tuple(ASKS_BY_CODE[code] for code in data["asks"]),
            name=data["name"].strip(),
            note=data["note"].strip(),
            zip=data["zip"],
            program_ids=tuple(saved_ids) if data["include_my_list"] else (),
            may_name_diagnosis=data["may_name_diagnosis"],
        )


def ask(request):
    """The builder: a POST that passes makes the link and redirects to it (PRG)."""
    saved = [
        program.pk for program in my_list.saved_programs(my_list.saved_ids(request))
    ]
    status = 200
    if request.method == "POST":
        form = AskForm(request.POST, saved_count=len(saved))
        if form.is_valid():
            token = help_me.make_link(form.help_request(saved))
            return private(redirect("help_me_ready", token=token))
        status = 400
    else:
        form = AskForm(saved_count=len(saved))
    return private(
        render(
            request,
            "home/help_me_ask.html",
            {"form": form, "days": help_me.LINK_DAYS},
            status=status,
        )
    )


def ready(request, token):
    """The patient's own view of a new link: the address to copy, and a way to
    open it as friends will see it."""
    help_request, refused = _read(request, token)
    if refused:
        return refused
    share_url = request.build_absolute_uri(reverse("help_me_page", args=[token]))
    context = {
        "help_request": help_request,
        "share_url": share_url,
        "works_until": help_me.works_until(token),
    }
    return _personal(render(request, "home/help_me_ready.html", context))


@dataclass(frozen=True)
class AskSection:
    """One ask on the share page: the ideas, the ways to help near the patient
    and the programs from their list a friend could help them apply to."""

    ask: help_me.Ask
    ways: list
    more_url: str
    programs: list


def share_page(request, token):
    """The page friends open: each ask with what they can do about it."""
    help_request, refused = _read(request, token)
    if refused:
        return refused
    programs = shown_programs(help_request)
    asked = sections(help_request, programs)
    matched = {program.pk for section in asked for program in section.programs}
    context = {
        "help_request": help_request,
        # Ways "near them" only from a ZIP code we know.
        "near": bool(help_request.zip and geo.place_of_zip(help_request.zip)),
        "sections": asked,
        # Saved programs that fit none of the asks are still the patient's list.
        "other_programs": [p for p in programs if p.pk not in matched],
        "works_until": help_me.works_until(token),
    }
    return _personal(render(request, "home/help_me_page.html", context))


def shown_programs(help_request):
    """The programs of the patient's list that are still visible and that the page
    may name."""
    return [
        program
        for program in my_list.saved_programs(list(help_request.program_ids))
        if help_request.may_show(
            program.title, program.title_es, program.organisation.name
        )
    ]


def sections(help_request, programs):
    """Each ask with its ways to help and the ``programs`` (from the patient's
    list) that help with it."""
    backend = get_backend()
    searched = []
    for ask in help_request.asks:
        queries = give_queries(ask, help_request.zip)
        searched.append((ask, queries, searched_ways(backend, queries)))
    # Every search is of the patient's one place: which programs serve it is
    # asked once, for all the ways found.
    found = {hit.program_id for _, _, hits in searched for hit in hits}
    serving = programs_serving(found, searched[0][1][0]) if searched else set()
    return [
        AskSection(
            ask=ask,
            ways=ways_for(help_request, hits, serving),
            more_url=url_for(reverse("give"), queries[0]),
            programs=[program for program in programs if serves(program, ask)],
        )
        for ask, queries, hits in searched
    ]


def give_queries(ask, zip_code):
    """The searches of ways to help for an ask: by its needs, by its roles; near
    the ZIP code, or (none, or one we don't know) only ways that need no place.
    The first is the ask's link to /give/ for every way to help with it."""
    queries = [
        GiveQuery.from_params({"zip": zip_code, name: list(values)})
        for name, values in (("need", ask.needs), ("role", ask.roles))
        if values
    ]
    return [
        query if query.has_place else query.replace(reaches=PLACE_FREE)
        for query in queries
    ]


def searched_ways(backend, queries):
    """The nearest ways of each search, without their counts."""
    return [
        hit
        for query in queries
        for hit in backend.give(
            query.replace(page_size=WAYS_SEARCHED), counts=False
        ).hits
    ]


def ways_for(help_request, hits, serving):
    """The nearest ways to help with an ask that help this patient: done near the
    patient's ZIP code or from anywhere, through programs that serve the patient's
    place (``serving``; with no place we know: nationwide programs, and no ways
    done in person in named places); not peer volunteering (it asks for people who
    have lived it); none that names a diagnosis the patient did not agree to."""
    found = {}
    for hit in hits:
        if (
            hit.program_id in serving
            and hit.role != VolunteerRole.PEER
            and help_request.may_show(*way_texts(hit))
        ):
            found.setdefault(hit.way_id, hit)
    return sorted(found.values(), key=lambda hit: hit.closeness)[:WAYS_PER_ASK]


def way_texts(hit):
    """What a way's card shows in words, in either language."""
    return (
        hit.next_step,
        hit.organisation,
        hit.program_title,
        hit.program_title_english,
        hit.what,
        hit.send_to,
        hit.requirements,
        hit.needs_label,
        *(getattr(hit, name) for name in WAY_SPANISH_VALUES),
    )


def serves(program, ask):
    """Does the program help with one of the ask's needs (or a need of a group
    the ask names)?"""
    return any(
        need.slug in ask.needs or (need.parent and need.parent.slug in ask.needs)
        for need in program.needs
    )


def _read(request, token):
    """(the HelpRequest in ``token``, None), or (None, a kind refusal: 400 for a
    link that was changed, 410 for one past its time)."""
    try:
        help_request = help_me.read_link(token)
    except help_me.LinkExpired:
        return None, _refused(request, "expired", 410)
    if help_request is None:
        return None, _refused(request, "bad", 400)
    return help_request, None


def _refused(request, problem, status):
    context = {"problem": problem, "days": help_me.LINK_DAYS}
    return _personal(
        render(request, "home/help_me_refused.html", context, status=status)
    )


def _personal(response):
    """Private and unindexed, and no referrer: the token in the path is the list."""
    response["Referrer-Policy"] = "no-referrer"
    return private(response)
