"""Ways to help in Spanish: each way's next step, items, address and requirements
beside its English, shown on the Spanish /give/, program page and share page (the
English standing in, marked, where none is written), kept when an import or an edit
leaves the English as it was, counted in the admin's "Spanish missing", and the
demo ways' Spanish loaded into ways that have none."""

import json
import re

import pytest

from django.core.management import call_command

from directory.choices import HelpKind, HelpReach, VolunteerRole
from directory.models import NeedCategory, ProgramPage, WayToHelp
from directory.program_fields import (
    WAY_SPANISH_FIELDS,
    WAY_SPANISH_VALUES,
    apply_values,
    values_of,
)
from home import help_me
from home.help_me import ASKS_BY_CODE, HelpRequest
from home.management.commands.load_initial_data import (
    WAYS_FIXTURE,
    WAYS_SPANISH_FIXTURE,
)
from tests.factories import ProgramPageFactory, county
from tests.test_demo_spanish import facts

pytestmark = pytest.mark.django_db

COOK = {
    "kind": HelpKind.VOLUNTEER,
    "role": VolunteerRole.COOK,
    "reach": HelpReach.PLACES,
    "places": [],
    "next_step": "Cook suppers for families in Austin",
    "what": "",
    "requirements": "A food handler card",
    "next_step_es": "Cocine cenas para familias de Austin",
    "requirements_es": "Una tarjeta de manipulador de alimentos",
}
CAPS = {
    "kind": HelpKind.ITEMS,
    "next_step": "Mail soft caps",
    "what": "Soft knitted caps",
    "send_to": "PO Box 12, Austin, TX 78701",
}


@pytest.fixture
def suppers(directory_page):
    travis = county("travis-county-tx")
    return ProgramPageFactory(
        parent=directory_page,
        title="Austin Suppers",
        title_es="Cenas de Austin",
        need_categories=[NeedCategory.objects.get(slug="groceries-and-meals")],
        regions=[travis],
        ways_to_help=[{**COOK, "places": [travis]}],
    )


@pytest.fixture
def caps(directory_page):
    return ProgramPageFactory(
        parent=directory_page,
        title="Caps for Comfort",
        need_categories=[NeedCategory.objects.get(slug="wigs-and-head-coverings")],
        ways_to_help=[CAPS],
    )


def english_ways(page):
    """The page's ways as a file without their Spanish gives them."""
    return [
        {k: v for k, v in way.items() if k not in WAY_SPANISH_VALUES}
        for way in values_of(page)["ways_to_help"]
    ]


def visible_text(html):
    """The page's words outside tags, scripts and styles."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return [part for part in re.split(r"<[^>]+>", html) if part.strip()]


def body(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_spanish_give_page_shows_a_way_in_spanish(client, suppers):
    page = body(client.get("/es/give/", {"zip": "78701"}))
    assert "Cocine cenas para familias de Austin" in page
    assert "Una tarjeta de manipulador de alimentos" in page
    assert "Cook suppers" not in page
    assert re.search(r'href="/es/programs/[^"]+">Cenas de Austin</a>', page)
    english = body(client.get("/give/", {"zip": "78701"}))
    assert "Cook suppers for families in Austin" in english
    assert "Cocine" not in english


def test_a_way_not_translated_shows_its_english_marked(client, caps):
    page = body(client.get("/es/give/"))
    assert '<span lang="en">Mail soft caps</span>' in page
    assert '<span lang="en">Soft knitted caps</span>' in page
    assert re.search(r'href="/es/programs/[^"]+" lang="en">Caps for Comfort</a>', page)


def test_the_spanish_program_page_lists_its_ways_in_spanish(client, suppers):
    page = body(client.get(f"/es{suppers.url}"))
    assert "Cocine cenas para familias de Austin" in page
    assert "Cook suppers" not in page


def test_a_way_without_spanish_makes_its_listing_lack_spanish(caps, suppers):
    lacking = ProgramPage.objects.lacking_spanish()
    assert lacking.filter(pk=caps.pk).exists()
    # The Austin page's own text has no Spanish summary: give it one to see the
    # way alone decide.
    suppers.summary_es = "Cenas para familias."
    suppers.save()
    assert not lacking.filter(pk=suppers.pk).exists()
    assert caps.spanish_missing().endswith("missing")
    way = caps.ways_to_help.get()
    assert way.spanish_missing() == ["next_step", "what", "send_to"]


def test_curators_translate_a_way_in_its_panel(admin_client, suppers):
    page = body(admin_client.get(f"/admin/pages/{suppers.pk}/edit/"))
    for name in WAY_SPANISH_FIELDS:
        assert f'name="ways_to_help-0-{name}_es"' in page


def test_an_import_keeps_the_spanish_of_english_left_as_it_was(suppers):
    values = {"ways_to_help": english_ways(suppers)}
    values["ways_to_help"][0]["requirements"] = "A food handler card and an apron"
    apply_values(suppers, values)
    way = suppers.ways_to_help.all()[0]
    assert way.next_step_es == COOK["next_step_es"]
    assert way.requirements_es == ""  # its English changed: no stale Spanish


def test_a_reworded_next_step_keeps_the_rest_of_its_ways_spanish(suppers):
    values = {"ways_to_help": english_ways(suppers)}
    values["ways_to_help"][0]["next_step"] = "Cook suppers for Austin families"
    apply_values(suppers, values)
    way = suppers.ways_to_help.all()[0]
    assert way.next_step_es == ""
    assert way.requirements_es == COOK["requirements_es"]
    # Another kind of way in its place is another way.
    values["ways_to_help"][0].update(
        kind=HelpKind.MONEY, role="", reach="remote", next_step="Give to suppers"
    )
    apply_values(suppers, values)
    assert suppers.ways_to_help.all()[0].requirements_es == ""


def test_the_share_page_hides_a_way_whose_spanish_names_the_diagnosis(
    client, directory_page
):
    ProgramPageFactory(
        parent=directory_page,
        title="Supper Club",
        need_categories=[NeedCategory.objects.get(slug="groceries-and-meals")],
        ways_to_help=[
            {
                "next_step": "Give to the supper fund",
                "next_step_es": "Done para cenas de personas con cáncer de mama",
            }
        ],
    )
    request = HelpRequest(asks=(ASKS_BY_CODE["meals"],))
    quiet = body(client.get(f"/es/give/for/{help_me.make_link(request)}/"))
    assert "Give to the supper fund" not in quiet
    assert not any(help_me.names_diagnosis(text) for text in visible_text(quiet))
    told = HelpRequest(asks=(ASKS_BY_CODE["meals"],), may_name_diagnosis=True)
    page = body(client.get(f"/es/give/for/{help_me.make_link(told)}/"))
    assert "Done para cenas de personas con cáncer de mama" in page


# --- The demo ways -----------------------------------------------------------------

ENGLISH = json.loads(WAYS_FIXTURE.read_text(encoding="utf-8"))
SPANISH = json.loads(WAYS_SPANISH_FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("record", ENGLISH, ids=lambda record: record["external_id"])
def test_the_spanish_of_each_demo_way_keeps_its_facts(record):
    translations = SPANISH[record["external_id"]]
    assert len(translations) == len(record["ways"])
    for way, spanish in zip(record["ways"], translations, strict=True):
        assert set(spanish) == {f"{name}_es" for name in WAY_SPANISH_FIELDS}
        for name in WAY_SPANISH_FIELDS:
            english, translated = way.get(name) or "", spanish[f"{name}_es"]
            assert bool(english) == bool(translated), name
            assert facts(english) == facts(translated), name
            limit = WayToHelp._meta.get_field(f"{name}_es").max_length
            assert len(translated) <= limit, name


def test_the_demo_data_fills_the_spanish_of_ways_that_have_none(db):
    call_command("load_initial_data", verbosity=0)
    program = ProgramPage.objects.filter(ways_to_help__isnull=False).first()
    way = program.ways_to_help.first()
    spanish = dict(
        zip(
            [w["next_step"] for r in ENGLISH for w in r["ways"]],
            [s for r in ENGLISH for s in SPANISH[r["external_id"]]],
            strict=True,
        )
    )[way.next_step]
    assert way.next_step_es == spanish["next_step_es"]
    # A site loaded before the ways had Spanish.
    draft = program.get_latest_revision_as_object()
    first, *others = draft.ways_to_help.all()
    for name in WAY_SPANISH_FIELDS:
        setattr(first, f"{name}_es", "")
    draft.ways_to_help = [first, *others]
    draft.save_revision().publish()
    assert ProgramPage.objects.lacking_spanish().filter(pk=program.pk).exists()
    call_command("load_initial_data", verbosity=0)
    way = ProgramPage.objects.get(pk=program.pk).ways_to_help.first()
    assert way.next_step_es == spanish["next_step_es"]
    assert not ProgramPage.objects.lacking_spanish().exists()
