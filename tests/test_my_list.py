"""My list without a browser: save and remove by POST, the list page, the shared
link (program ids only) and the privacy headers."""

import re
import time

import pytest

from django.core import signing

from home.my_list import SHARE_SALT, share_token
from tests.factories import ProgramPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs(directory_page):
    first = ProgramPageFactory(
        parent=directory_page,
        title="Bright Fund",
        required_documents=["diagnosis", "income"],
        phone="555-0100",
        application_url="https://bright.example.org/apply",
    )
    second = ProgramPageFactory(
        parent=directory_page,
        title="Kind Rides",
        required_documents=["diagnosis"],
        required_documents_other="A letter from your nurse",
    )
    return first, second


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_save_redirects_back_and_list_shows_program(client, programs):
    first, _ = programs
    response = client.post(f"/my-list/save/{first.pk}/", {"next": "/programs/?q=x"})
    assert response.status_code == 302
    assert response["Location"] == "/programs/?q=x"
    assert_private(response)
    page = client.get("/my-list/")
    assert_private(page)
    assert b'<meta name="robots" content="noindex">' in page.content
    assert "Bright Fund" in page.content.decode()
    assert client.session["my_list"] == [first.pk]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "https://evil.example.com/#hit-1",
        "//evil.example.com/#hit-1",
        "/\\evil.example.com/",
        "javascript:alert(1)//#hit-1",
        "#hit-1",
        "programs/",
        "/programs/\r\nSet-Cookie: x=1#hit-1",
    ],
    ids=[
        "other-site",
        "other-site-fragment",
        "scheme-relative",
        "backslash",
        "javascript",
        "fragment-only",
        "relative",
        "header-injection",
    ],
)
def test_unsafe_next_falls_back_to_my_list(client, programs, target):
    first, _ = programs
    response = client.post(f"/my-list/save/{first.pk}/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/my-list/"


def test_save_and_remove_come_back_to_the_card(client, programs):
    """The fragment brings the saved card back into view, JavaScript or not."""
    first, _ = programs
    back = f"/programs/?zip=78701&need=gas-cards#hit-{first.pk}"
    response = client.post(f"/my-list/save/{first.pk}/", {"next": back})
    assert response["Location"] == back
    response = client.post(f"/my-list/remove/{first.pk}/", {"next": back})
    assert response["Location"] == back


def test_save_forms_post_the_page_and_the_card_to_come_back_to(client, programs):
    first, second = programs
    results = client.get("/programs/?q=bright").content.decode()
    assert (
        f'<input type="hidden" name="next" value="/programs/?q=bright#hit-{first.pk}">'
        in results
    )
    assert f'<h3 class="card__title" id="hit-{first.pk}">' in results
    client.post(f"/my-list/save/{first.pk}/")
    results = client.get("/programs/").content.decode()
    remove = re.search(
        rf'<form class="save-form" id="save-{first.pk}" method="post" '
        rf'action="/my-list/remove/{first.pk}/">.*?</form>',
        results,
        re.S,
    ).group(0)
    assert f'name="next" value="/programs/#hit-{first.pk}"' in remove
    # A program page comes back to its own form.
    page = client.get(second.url).content.decode()
    assert f'<form class="save-form" id="save-{second.pk}"' in page
    assert f'name="next" value="{second.url}#save-{second.pk}"' in page


def test_the_header_counts_saved_programs_and_such_pages_stay_private(client, programs):
    first, second = programs
    assert (
        '<li><a href="/my-list/">My list</a></li>' in client.get("/").content.decode()
    )
    client.post(f"/my-list/save/{first.pk}/")
    client.post(f"/my-list/save/{second.pk}/")
    for url in ["/", "/programs/", "/my-list/"]:
        response = client.get(url)
        assert ">My list (2)</a></li>" in response.content.decode(), url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert "private" in cache_control, url
        assert "public" not in cache_control, url
        assert "Cookie" in response["Vary"], url


def test_save_needs_post_and_a_visible_program(client, programs, directory_page):
    first, _ = programs
    assert client.get(f"/my-list/save/{first.pk}/").status_code == 405
    draft = ProgramPageFactory(parent=directory_page, publish=False)
    assert client.post(f"/my-list/save/{draft.pk}/").status_code == 404
    assert "my_list" not in client.session


def test_save_requires_csrf_token(programs):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    first, _ = programs
    assert strict.post(f"/my-list/save/{first.pk}/").status_code == 403


def test_remove_takes_program_off_the_list(client, programs):
    first, second = programs
    client.post(f"/my-list/save/{first.pk}/")
    client.post(f"/my-list/save/{second.pk}/")
    client.post(f"/my-list/remove/{first.pk}/")
    assert client.session["my_list"] == [second.pk]
    assert "Bright Fund" not in client.get("/my-list/").content.decode()


def test_saving_twice_keeps_one_entry(client, programs):
    first, _ = programs
    client.post(f"/my-list/save/{first.pk}/")
    client.post(f"/my-list/save/{first.pk}/")
    assert client.session["my_list"] == [first.pk]


def test_list_combines_documents_once_each(client, programs):
    first, second = programs
    client.post(f"/my-list/save/{first.pk}/")
    client.post(f"/my-list/save/{second.pk}/")
    html = client.get("/my-list/").content.decode()
    assert html.count("Proof of diagnosis from your medical team") == 1
    assert "for Bright Fund, Kind Rides" in html
    assert "A letter from your nurse" in html
    assert 'href="tel:5550100"' in html
    assert "https://bright.example.org/apply" in html


def test_program_page_and_results_show_saved_state(client, programs):
    first, second = programs
    client.post(f"/my-list/save/{first.pk}/")
    html = client.get(first.url).content.decode()
    assert f'action="/my-list/remove/{first.pk}/"' in html
    html = client.get(second.url).content.decode()
    assert f'action="/my-list/save/{second.pk}/"' in html
    results = client.get("/programs/").content.decode()
    assert f'action="/my-list/remove/{first.pk}/"' in results
    assert f'action="/my-list/save/{second.pk}/"' in results


def test_shared_link_holds_ids_only_and_is_read_only(client, programs):
    first, second = programs
    client.post(f"/my-list/save/{first.pk}/")
    client.post(f"/my-list/save/{second.pk}/")
    html = client.get("/my-list/").content.decode()
    token = share_token([first.pk, second.pk])
    assert f"/my-list/shared/{token}/" in html
    assert signing.loads(token, salt=SHARE_SALT) == [first.pk, second.pk]

    from django.test import Client

    stranger = Client()
    response = stranger.get(f"/my-list/shared/{token}/")
    assert response.status_code == 200
    assert_private(response)
    shared = response.content.decode()
    assert "Bright Fund" in shared and "Kind Rides" in shared
    assert "/my-list/remove/" not in shared
    # Nothing to share it on with: its address is only in the language switch.
    assert "share__row" not in shared
    assert shared.count("/my-list/shared/") == 1
    assert f'<a href="/es/my-list/shared/{token}/" hreflang="es"' in shared
    assert "my_list" not in stranger.session


def test_tampered_shared_link_is_404(client, programs):
    first, _ = programs
    token = share_token([first.pk])
    assert client.get(f"/my-list/shared/{token}x/").status_code == 404
    forged = signing.dumps([first.pk], salt="other")
    assert client.get(f"/my-list/shared/{forged}/").status_code == 404


def test_unpublished_programs_drop_off_the_list(client, programs):
    first, second = programs
    client.post(f"/my-list/save/{first.pk}/")
    client.post(f"/my-list/save/{second.pk}/")
    second.unpublish()
    html = client.get("/my-list/").content.decode()
    assert "Kind Rides" not in html
    token = share_token([first.pk, second.pk])
    assert "Kind Rides" not in client.get(f"/my-list/shared/{token}/").content.decode()


def test_empty_list_explains_how_to_save(client, directory_page):
    response = client.get("/my-list/")
    assert response.status_code == 200
    assert "You have not saved any programs yet" in response.content.decode()


def test_an_old_shared_link_expires_with_a_page_that_says_so(client, programs):
    from unittest import mock

    first, _ = programs
    month_ago = time.time() - 31 * 86400
    with mock.patch("django.core.signing.time.time", return_value=month_ago):
        old = share_token([first.pk])
    response = client.get(f"/my-list/shared/{old}/")
    assert response.status_code == 410
    assert "This shared list has expired" in response.content.decode()
    assert "Bright Fund" not in response.content.decode()
    assert_private(response)
    fresh = share_token([first.pk])
    assert client.get(f"/my-list/shared/{fresh}/").status_code == 200


# --- Printing and sharing (buttons for script, a dated printout) ---------------


def test_list_has_print_and_copy_buttons_hidden_until_script_shows_them(
    client, programs
):
    first, _ = programs
    client.post(f"/my-list/save/{first.pk}/")
    html = client.get("/my-list/").content.decode()
    assert (
        '<button type="button" class="button" data-print hidden>Print this list'
        "</button>"
    ) in html
    assert (
        '<button type="button" class="button button--secondary" '
        'data-copy-target="#share-link" hidden>Copy link</button>'
    ) in html
    token = share_token([first.pk])
    assert (
        '<input class="share-link share__url" id="share-link" type="text" '
        f'value="http://testserver/my-list/shared/{token}/" readonly>'
    ) in html


def test_printout_names_the_site_and_the_day(client, programs):
    from django.utils import timezone

    first, _ = programs
    client.post(f"/my-list/save/{first.pk}/")
    today = timezone.localdate()
    line = (
        '<p class="print-only">Printed from Brightside on '
        f"{today.day} {today:%B} {today.year}</p>"
    )
    assert line in client.get("/my-list/").content.decode()
    shared = client.get(f"/my-list/shared/{share_token([first.pk])}/")
    assert line in shared.content.decode()
    assert "data-print hidden" in shared.content.decode()
    assert "data-copy-target" not in shared.content.decode()  # nothing to share


def test_unknown_application_status_is_left_out_of_the_list(client, programs):
    first, second = programs
    second.application_status = "unknown"
    second.application_window = "Each spring"
    second.save_revision().publish()
    client.post(f"/my-list/save/{first.pk}/")
    client.post(f"/my-list/save/{second.pk}/")
    html = client.get("/my-list/").content.decode()
    assert "Not known" not in html
    assert "<dt>When to apply</dt><dd>Each spring</dd>" in html


def test_every_page_of_a_visitor_with_a_list_is_private(client, programs):
    program = programs[0]
    public = client.get(program.url)
    assert "private" not in public.get("Cache-Control", "")
    client.post(f"/my-list/save/{program.pk}/", {"next": program.url})
    for url in (program.url, programs[1].url, "/programs/"):
        response = client.get(url)
        assert "private" in response["Cache-Control"], url
