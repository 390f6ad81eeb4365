"""In a real browser, logged out: an organisation opens the e-mailed link and
confirms its listing (the browser's own Origin and Referer meet the CSRF check)."""

import re

from django.core import mail

from directory.models import ConfirmationRequest
from directory.services.confirmation import ask_to_confirm
from tests.conftest import BROWSER_MARKS
from tests.factories import ProgramPageFactory

pytestmark = BROWSER_MARKS


def test_the_organisation_confirms_from_the_emailed_link(
    browser, live_server, directory_page
):
    program = ProgramPageFactory(
        parent=directory_page, title="Warm Homes Fund", email="apply@example.org"
    )
    ask_to_confirm([program.pk], user=None)
    (message,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/confirm/\d+/[^/\s]+/)", message.body).group(1)

    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}{path}")
    assert "Warm Homes Fund" in page.content()
    page.get_by_role("button", name="Yes, this is all correct").click()
    page.wait_for_load_state()
    assert "Thank you" in page.content()
    assert ConfirmationRequest.objects.get().confirmed_at is not None

    page.goto(f"{live_server.url}{program.url}")
    assert "Confirmed by the organisation on" in page.content()
