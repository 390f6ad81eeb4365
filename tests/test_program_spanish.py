"""Programs, guides and the site's pages in Spanish: each page's Spanish text
beside its English (one page, one id), shown on /es/ where it is written and marked
English where it is not, the demo data's Spanish loaded, and the admin's list of
listings still missing it."""

import json
import re

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation

from directory.choices import Language
from directory.models import ProgramPage
from directory.program_fields import SPANISH_FIELDS
from home.management.commands.load_initial_data import FIXTURE, SPANISH_FIXTURE
from tests.factories import ProgramPageFactory, UserFactory

pytestmark = pytest.mark.django_db

SPANISH = {
    "title_es": "Banco de Pelucas Crown",
    "summary_es": "Una peluca gratis, enviada a su casa.",
    "description_es": "<p>Le mandamos una peluca por correo.</p>",
    "award_es": "Una peluca",
    "application_steps_es": "<p>Llene el formulario en línea.</p>",
}


@pytest.fixture
def crown(directory_page):
    return ProgramPageFactory(
        parent=directory_page,
        title="Crown Wig Bank",
        summary="A free wig, mailed to your home.",
        description="<p>We mail you a wig.</p>",
        award="One wig",
        application_steps="<p>Fill in the form online.</p>",
        languages=[Language.ENGLISH],
        **SPANISH,
    )


def spanish_url(page):
    """The page's address on the Spanish site (whatever language a request left
    active)."""
    with translation.override("en"):
        return f"/es{page.url}"


def body(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_spanish_page_shows_the_spanish_text(client, crown):
    page = body(client.get(spanish_url(crown)))
    assert "<h1>Banco de Pelucas Crown</h1>" in page
    for text in ["Una peluca gratis", "Le mandamos una peluca", "Llene el formulario"]:
        assert text in page
    assert "A free wig" not in page and "We mail you" not in page
    assert 'lang="en"' not in page.split("<main", 1)[1].split("</main>")[0]
    assert "no está traducida" not in page and "no están traducidas" not in page
    assert "<title>Banco de Pelucas Crown · Brightside</title>" in page


def test_the_english_page_is_unchanged(client, crown):
    page = body(client.get(crown.url))
    assert "<h1>Crown Wig Bank</h1>" in page and "A free wig" in page
    assert "Banco de Pelucas" not in page and "Spanish?" not in page


def test_a_text_not_yet_translated_shows_in_english_marked_as_such(client, crown):
    crown.award_es = ""
    crown.save_revision().publish()
    page = body(client.get(spanish_url(crown)))
    assert '<span lang="en">One wig</span>' in page
    assert "Partes de esta ficha aún no están traducidas" in page


def test_an_untranslated_listing_still_shows_in_english(client, directory_page):
    program = ProgramPageFactory(parent=directory_page, title="Golden Scarves")
    page = body(client.get(spanish_url(program)))
    assert '<h1><span lang="en">Golden Scarves</span></h1>' in page
    assert "Esta ficha aún no está traducida: se muestra en inglés." in page
    results = body(client.get("/es/programs/"))
    assert re.search(r'lang="en">Golden Scarves</a>', results)


def test_the_spanish_page_says_when_the_program_may_work_only_in_english(
    client, crown, directory_page
):
    page = body(client.get(spanish_url(crown)))
    assert "El programa no indica el español" in page
    unknown = ProgramPageFactory(parent=directory_page, languages=[])
    assert "no dice si atiende en español" in body(client.get(spanish_url(unknown)))
    spanish = ProgramPageFactory(
        parent=directory_page, languages=[Language.SPANISH, Language.ENGLISH]
    )
    page = body(client.get(spanish_url(spanish)))
    assert "¿En español?" not in page


def test_search_cards_show_the_spanish(client, crown):
    page = body(client.get("/es/programs/"))
    assert "Banco de Pelucas Crown" in page and "Una peluca gratis" in page
    assert "Crown Wig Bank" not in page
    assert "Crown Wig Bank" in body(client.get("/programs/"))


def test_spanish_words_find_the_spanish_text_on_the_site(client, crown):
    assert "Banco de Pelucas Crown" in body(client.get("/es/programs/?q=formulario"))
    assert "Crown Wig Bank" not in body(client.get("/programs/?q=formulario"))


def test_my_list_shows_the_spanish(client, crown):
    client.post(f"/es/my-list/save/{crown.pk}/")
    page = body(client.get("/es/my-list/"))
    assert "Banco de Pelucas Crown" in page and "Una peluca gratis" in page


@pytest.fixture
def curator_client(client):
    curator = UserFactory(username="cora", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    client.force_login(curator)
    return client


def test_curators_see_which_listings_lack_their_spanish(
    curator_client, crown, directory_page
):
    ProgramPageFactory(parent=directory_page, title="Golden Scarves")
    missing = body(curator_client.get("/admin/programs/", {"lacks_spanish": "true"}))
    assert "Golden Scarves" in missing and "Crown Wig Bank" not in missing
    complete = body(curator_client.get("/admin/programs/", {"lacks_spanish": "false"}))
    assert "Crown Wig Bank" in complete and "Golden Scarves" not in complete
    listing = body(curator_client.get("/admin/programs/"))
    assert "Spanish missing" in listing
    assert "Complete" in listing and "2 of 2 missing" in listing


def test_curators_translate_in_a_spanish_tab(curator_client, crown):
    page = body(curator_client.get(f"/admin/pages/{crown.pk}/edit/"))
    assert 'id="tab-label-spanish"' in page
    for name in SPANISH_FIELDS:
        assert f'name="{name}_es"' in page


def test_a_listing_half_translated_counts_as_lacking(crown):
    assert not ProgramPage.objects.lacking_spanish().filter(pk=crown.pk).exists()
    crown.summary_es = ""
    crown.save()
    assert ProgramPage.objects.lacking_spanish().filter(pk=crown.pk).exists()
    assert crown.spanish_missing() == "1 of 5 missing"


# --- The demo programs -------------------------------------------------------------


@pytest.fixture
def loaded(db):
    call_command("load_initial_data", verbosity=0)


def test_every_demo_program_is_loaded_in_spanish(loaded):
    spanish = json.loads(SPANISH_FIXTURE.read_text())
    records = json.loads(FIXTURE.read_text())
    assert set(spanish) == {record["external_id"] for record in records}
    assert not ProgramPage.objects.lacking_spanish().exists()
    for program in ProgramPage.objects.all():
        for name, value in spanish[program.external_id].items():
            assert getattr(program, name) == value, (program.external_id, name)


def test_a_second_run_fills_missing_spanish_only_where_the_english_is_the_same(
    loaded,
):
    spanish = json.loads(SPANISH_FIXTURE.read_text())
    kept, edited = ProgramPage.objects.order_by("pk")[:2]
    for page in (kept, edited):
        page.summary_es = ""
        if page is edited:
            page.summary = "A curator's new summary."
        page.save_revision().publish()
    call_command("load_initial_data", verbosity=0)
    kept.refresh_from_db()
    edited.refresh_from_db()
    assert kept.summary_es == spanish[kept.external_id]["summary_es"]
    assert edited.summary_es == ""  # its translation would no longer be right


# --- Guides and the site's own pages -----------------------------------------------


def test_every_demo_guide_and_site_page_is_in_spanish(loaded, client):
    from home.demo_guides import GUIDES, HELPER_GUIDES
    from home.demo_guides_es import GUIDES_ES
    from resources.models import ResourcePage

    guides = ResourcePage.objects.all()
    assert guides.count() == len(GUIDES) + len(HELPER_GUIDES)
    for guide in guides:
        assert guide.title_es == GUIDES_ES[guide.slug]["title"]
        assert guide.summary_es and guide.body_es
        with translation.override("en"):
            url = guide.url
        page = body(client.get(f"/es{url}"))
        assert f"<h1>{guide.title_es}</h1>" in page
        assert (
            "no está traducida" not in page
            and 'lang="en"' not in page.split("<main", 1)[1].split("</main>")[0]
        )
    home = body(client.get("/es/"))
    assert "Encuentre ayuda económica y práctica" in home
    assert "Curadores voluntarios revisan las fichas" in home
    assert "<h1>Buscar ayuda</h1>" in body(client.get("/es/programs/"))
    assert "<h1>Guías</h1>" in body(client.get("/es/guides/"))
    assert "<h1>Guides</h1>" in body(client.get("/guides/"))


def test_a_guide_keeps_its_programs_block_in_spanish(loaded, client):
    from resources.models import ResourcePage

    guide = ResourcePage.objects.get(slug="finding-rides-to-treatment")
    blocks = {block.block_type: block.value for block in guide.body_es}
    english = {block.block_type: block.value for block in guide.body}
    assert blocks["related_programs"]["heading"] == "Programas que pueden ayudar"
    assert [p.pk for p in blocks["related_programs"]["programs"]] == [
        p.pk for p in english["related_programs"]["programs"]
    ]


def test_an_untranslated_guide_shows_in_english_marked_as_such(client, guides_page):
    from resources.models import ResourcePage

    guide = ResourcePage(
        title="Packing for a hospital stay",
        slug="packing",
        summary="What to bring.",
        body=[{"type": "text", "value": "<p>A phone charger.</p>"}],
    )
    guides_page.add_child(instance=guide)
    guide.save_revision().publish()
    page = body(client.get(spanish_url(guide)))
    assert '<h1><span lang="en">Packing for a hospital stay</span></h1>' in page
    assert "Esta guía aún no está traducida" in page
