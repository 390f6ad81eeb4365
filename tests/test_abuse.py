"""Abuse the admin login and the size of what is sent: wrong passwords are
throttled per account and client, and no body is bigger than its page needs,
file parts included."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from directory.models import ProblemReport
from tests.factories import ProgramPageFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def curator():
    return UserFactory(username="curator", is_staff=True)


def sign_in(client, password, username="curator", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_wrong_passwords_are_throttled_then_even_the_right_one_waits(
    client, curator, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200  # the form, with its error
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert locked["Retry-After"] == "900"
    # The right password does not get through during the pause.
    assert sign_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_clients_guessing_locks_out_nobody_else(client, curator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", REMOTE_ADDR="203.0.113.9")
    assert sign_in(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(elsewhere, PASSWORD).status_code == 302  # into the admin


def test_behind_the_proxy_each_client_is_counted_apart(client, curator, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    other = sign_in(Client(), PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert other.status_code == 302


def test_a_right_password_clears_earlier_mistakes(client, curator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200


def test_a_file_part_cannot_make_a_public_form_body_large(client, directory_page):
    program = ProgramPageFactory(parent=directory_page)
    big = SimpleUploadedFile("x.bin", b"0" * (3 * 1024 * 1024))
    response = client.post(
        f"/report/{program.pk}/", {"reason": "other", "details": "hi", "file": big}
    )
    assert response.status_code == 413
    assert "more than this page can take" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_the_admin_may_upload_what_wagtail_allows(client, curator, settings):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    document = SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n" + b"0" * 3_000_000)
    response = client.post(
        "/admin/documents/multiple/add/", {"files[]": document, "title": "Guide"}
    )
    assert response.status_code == 200  # not refused for its size
    too_big = SimpleUploadedFile("big.pdf", b"0" * (settings.ADMIN_MAX_REQUEST_BYTES))
    response = client.post("/admin/documents/multiple/add/", {"files[]": too_big})
    assert response.status_code == 413


def test_a_forwarded_value_that_is_no_address_is_no_server_error(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="curator", is_staff=True)
    response = sign_in(client, "wrong", HTTP_X_FORWARDED_FOR="not-an-address")
    assert response.status_code == 200
