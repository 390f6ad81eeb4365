"""The site in two languages: English at /, Spanish at /es/, chosen by the address
alone; the switch keeps the visitor on the same page and search."""

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from home.i18n import in_language
from tests.factories import ProgramPageFactory

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.fixture
def program(directory_page):
    return ProgramPageFactory(parent=directory_page, title="Utility Relief Fund")


def test_every_kind_of_public_page_answers_in_spanish(client, program, guides_page):
    for path in [
        "/",
        "/programs/",
        "/programs/?need=utility-bills&zip=10001",
        program.url,
        "/guides/",
        "/give/",
        "/give/ask/",
        "/qualify/",
        "/my-list/",
        "/submit/",
        f"/report/{program.pk}/",
        f"/reopen/{program.pk}/",
    ]:
        english = client.get(path)
        spanish = client.get(f"/es{path}")
        assert english.status_code == 200, path
        assert spanish.status_code == 200, path
        assert html_lang(english) == "en", path
        assert html_lang(spanish) == "es", path
        assert spanish["Content-Language"] == "es", path


def test_the_language_comes_from_the_address_never_a_cookie_or_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get("/my-list/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "set-cookie" not in {key.lower() for key in response.headers}


def test_an_unknown_language_prefix_is_not_a_language(client):
    assert client.get("/fr/my-list/").status_code == 404


def test_the_switch_keeps_the_page_and_the_search(client, directory_page):
    response = client.get("/programs/?q=rent&need=housing&zip=10001")
    switch = re.search(
        r'<a href="([^"]+)" hreflang="es" lang="es" data-language-switch>Español</a>',
        response.content.decode(),
    )
    assert switch.group(1) == "/es/programs/?q=rent&amp;need=housing&amp;zip=10001"
    back = client.get("/es/programs/?q=rent&need=housing&zip=10001")
    assert (
        '<a href="/programs/?q=rent&amp;need=housing&amp;zip=10001" hreflang="en" '
        'lang="en" data-language-switch>English</a>'
    ) in back.content.decode()


def test_every_page_names_its_other_language_versions(client, program):
    english = program.url
    page = client.get(f"/es{english}").content.decode()
    for code, path in [("en", english), ("es", f"/es{english}")]:
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver{path}">'
            in page
        )
    assert (
        f'<link rel="alternate" hreflang="x-default" href="http://testserver{english}">'
    ) in page


def test_links_on_a_spanish_page_stay_in_spanish(client, program):
    page = client.get("/es/my-list/").content.decode()
    for path in ["/es/", "/es/programs/", "/es/give/", "/es/guides/", "/es/my-list/"]:
        assert f'href="{path}"' in page
    assert 'href="/programs/"' not in page


def test_stored_addresses_are_shown_in_the_page_language(program):
    assert in_language(program.url, "en") == program.url
    assert in_language(program.url, "es") == f"/es{program.url}"
    with translation.override("es"):
        assert in_language("/programs/") == "/es/programs/"
    assert in_language("https://example.org/apply", "es") == "https://example.org/apply"


def test_a_stored_area_is_shown_in_the_page_language():
    from search.backends.base import shown_area

    stored = "Travis County, TX; Parts of Ohio — ask which areas"
    with translation.override("es"):
        assert shown_area("Anywhere in the United States") == (
            "En cualquier lugar de Estados Unidos"
        )
        assert (
            shown_area(stored)
            == "Travis County, TX; Partes de Ohio — pregunte qué zonas"
        )
        assert shown_area("Greater Boston") == "Greater Boston"
    assert shown_area(stored) == stored


def test_the_interface_is_in_spanish_under_es(client, directory_page):
    spanish = client.get("/es/programs/").content.decode()
    assert ">Buscar ayuda</a>" in spanish
    assert ">Find help</a>" not in spanish
    assert "Saltar al contenido principal" in spanish


def test_the_admin_api_and_sitemap_have_no_spanish_copy(client):
    for path in ["/es/admin/", "/es/api/hsds/services/", "/es/sitemap.xml"]:
        assert client.get(path).status_code == 404, path


# --- The Spanish catalogue: complete, current, and used on every page -----------

CATALOGUE = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"


def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_every_interface_string_has_its_spanish():
    po = catalogue()
    assert len(po) > 300
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]
    assert not po.obsolete_entries()
    for entry in po.translated_entries():
        forms = {None: entry.msgstr} if not entry.msgid_plural else entry.msgstr_plural
        for form, spanish in forms.items():
            source = entry.msgid if form in (None, 0) else entry.msgid_plural
            wanted = set(PLACEHOLDER.findall(source))
            found = set(PLACEHOLDER.findall(spanish))
            # "un programa" may leave out the number the singular names.
            assert found == wanted or (form == 0 and found < wanted), entry.msgid


SOURCES = [
    "config",
    "home",
    "directory",
    "resources",
    "search",
    "opendata",
    "templates",
]


def test_the_catalogue_holds_every_string_the_code_marks(tmp_path, monkeypatch):
    """What `makemessages` would extract today is what the catalogue has: no
    string was marked (or changed) without its Spanish being written. It runs on
    a copy of the code (makemessages writes files beside the templates it reads,
    and CI runs the suite twice at once)."""
    if not shutil.which("xgettext"):
        pytest.skip("xgettext is missing: install gettext (apt-get install gettext)")
    code = tmp_path / "code"
    for name in SOURCES:
        shutil.copytree(
            settings.BASE_DIR / name,
            code / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    copy = tmp_path / "locale" / "es" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(CATALOGUE, copy / "django.po")
    monkeypatch.chdir(code)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["es"], no_obsolete=True, verbosity=0)
    extracted = {
        (entry.msgctxt, entry.msgid) for entry in polib.pofile(copy / "django.po")
    }
    kept = {(entry.msgctxt, entry.msgid) for entry in catalogue()}
    assert extracted - kept == set(), "run makemessages -l es and translate"
    assert kept - extracted == set(), "run makemessages -l es --no-obsolete"


class PageText(HTMLParser):
    """The words a visitor reads on a page in its language: text outside scripts,
    styles and anything marked as in another language (``lang="en"``: the
    language switch), and the attributes read out or shown (labels,
    placeholders, titles, buttons)."""

    SHOWN = {"aria-label", "placeholder", "title", "alt", "value"}
    VOID = {"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping, self.open = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            self.handle_startendtag(tag, attrs)
            return
        other_language = dict(attrs).get("lang", "es") != "es" and tag != "html"
        skip = tag in {"script", "style"} or other_language
        self.open.append(skip)
        self.skipping += skip
        if not self.skipping:
            self.read_attributes(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        if not self.skipping:
            self.read_attributes(tag, attrs)

    def read_attributes(self, tag, attrs):
        for name, value in attrs:
            shown = name in self.SHOWN and not (tag == "input" and name == "value")
            if shown and value:
                self.parts.append(value)
        if tag == "input" and dict(attrs).get("type") == "submit":
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.open:
            self.skipping -= self.open.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data)

    @classmethod
    def of(cls, page):
        reader = cls()
        reader.feed(page)
        return " | ".join(" ".join(part.split()) for part in reader.parts)


def english_left_in(text, po):
    """Interface strings of the catalogue that appear in English in ``text``:
    whole messages, and the fixed pieces of messages with placeholders or
    markup (at least three words long, so a program's own words don't count)."""
    found = []
    for entry in po.translated_entries():
        if entry.msgstr == entry.msgid:
            continue
        for source in filter(None, [entry.msgid, entry.msgid_plural]):
            pieces = re.split(r"%\(\w+\)[sd]|<[^>]+>|%%", source)
            for piece in pieces:
                piece = " ".join(html.unescape(piece).split()).strip(" .,:;")
                if len(pieces) == 1:  # a whole message is a whole text
                    if len(piece) > 2 and f"| {piece} |" in f"| {text} |":
                        found.append(piece)
                elif len(piece.split()) >= 3 and piece in text:
                    found.append(piece)
    return sorted(set(found))


@pytest.fixture
def journey(client, directory_page, guides_page):
    """The pages of a patient's journey in Spanish: home, a search by ZIP and need,
    a program, My list, the screener answered, a problem report refused and sent."""
    from directory.models import NeedCategory
    from tests.test_screener import ANSWERS

    program = ProgramPageFactory(
        parent=directory_page,
        title="Utility Relief Fund",
        need_categories=list(NeedCategory.objects.filter(slug="utility-bills")),
    )
    program_path = program.url
    pages = {}

    def visit(name, response, status=200):
        assert response.status_code == status, name
        assert html_lang(response) == "es", name
        pages[name] = response.content.decode()

    visit("home", client.get("/es/"))
    visit("search", client.get("/es/programs/?zip=78701&need=utility-bills"))
    visit("nothing found", client.get("/es/programs/?q=zzzzqqq&zip=99950"))
    visit("program", client.get(f"/es{program_path}"))
    client.post(f"/es/my-list/save/{program.pk}/", {"next": "/es/my-list/"})
    visit("my list", client.get("/es/my-list/"))
    visit("screener", client.get("/es/qualify/"))
    visit("screener refused", client.post("/es/qualify/", {"age": "x"}), 400)
    answered = client.post("/es/qualify/", ANSWERS)
    assert answered["Location"] == "/es/qualify/"
    visit("screener answered", client.get("/es/qualify/"))
    visit("report", client.get(f"/es/report/{program.pk}/"))
    visit("report refused", client.post(f"/es/report/{program.pk}/", {}), 400)
    return pages


def content_words():
    """What curators write as page titles, which the interface's catalogue does not
    translate ("Find help" is the search page's title and a menu item)."""
    from wagtail.models import Page

    return set(Page.objects.values_list("title", flat=True))


def test_no_interface_string_is_left_in_english_on_the_journey(journey):
    po, content = catalogue(), content_words()
    for name, page in journey.items():
        left = set(english_left_in(PageText.of(page), po)) - content
        assert left == set(), name


def test_the_footer_safety_line_is_in_the_page_language(client, directory_page):
    from wagtail.models import Site

    from home.models import SiteSettings

    assert "En una emergencia, llame al 911." in client.get("/es/").content.decode()
    assert "In an emergency, call 911." in client.get("/").content.decode()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.crisis_note_es = ""
    site_settings.save()
    page = client.get("/es/").content.decode()
    assert '<p lang="en">In an emergency, call 911.</p>' in page


def test_ways_to_help_read_in_spanish_and_link_to_the_spanish_program(
    client, directory_page
):
    program = ProgramPageFactory(
        parent=directory_page,
        title="Bright Path Gas Fund",
        ways_to_help=[
            {
                "kind": "items",
                "next_step": "Mail new gas cards",
                "what": "Gas cards",
                "item_condition": "new",
                "send_to": "PO Box 12, Austin, TX",
            }
        ],
    )
    path = program.url
    page = client.get("/es/give/").content.decode()
    assert f'href="/es{path}"' in page
    assert "Solo nuevos" in page and "New only" not in page
    assert "New only" in client.get("/give/").content.decode()


def test_a_catalogue_left_uncompiled_fails_the_checks(tmp_path, settings):
    from home.apps import check_compiled_translations

    po = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copy(Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.po", po)
    settings.LOCALE_PATHS = [tmp_path]
    assert [problem.id for problem in check_compiled_translations(None)] == [
        "home.E001"
    ]
    polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
    assert check_compiled_translations(None) == []
