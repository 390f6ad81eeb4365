"""In a real browser at 390 px: a patient asks to be told when a closed program
reopens, and confirms the address from the e-mailed link (the browser's own Origin
and Referer meet the CSRF check on both forms)."""

import re

from django.core import mail

from directory.models import ReopenAlert
from tests.conftest import BROWSER_MARKS
from tests.factories import ProgramPageFactory

pytestmark = BROWSER_MARKS


def test_a_patient_subscribes_and_confirms(
    browser, live_server, directory_page, settings
):
    settings.FORM_TIME_TRAP_MIN_SECONDS = 0
    program = ProgramPageFactory(
        parent=directory_page, title="Lilac Rent Fund", application_status="closed"
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}{program.url}")
    page.get_by_role("link", name="Tell me when it reopens").click()
    page.get_by_label("Your e-mail").fill("ria@example.org")
    page.get_by_role("button", name="Tell me when it reopens").click()
    page.wait_for_load_state()
    assert "Check your e-mail" in page.content()
    assert ReopenAlert.objects.get().confirmed_at is None

    (message,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/reopen/confirm/[^/\s]+/)", message.body)
    page.goto(f"{live_server.url}{path.group(1)}")
    page.get_by_role("button", name="Yes, tell me when it reopens").click()
    page.wait_for_load_state()
    assert "You are on the list" in page.content()
    assert ReopenAlert.objects.get().confirmed_at is not None
