"""In a real browser (Playwright driving Debian's Chromium): a partner submits a
program, it is nowhere public, a moderator approves it, and patients find it."""

from django.contrib.auth.models import Group

from tests.conftest import BROWSER_MARKS
from tests.factories import UserFactory

pytestmark = BROWSER_MARKS

TITLE = "Lantern Gas Card Program"


def test_partner_submits_moderator_approves_patient_finds(
    browser, live_server, directory_page, settings
):
    settings.FORM_TIME_TRAP_MIN_SECONDS = 0
    moderator = UserFactory(username="mona", email="mona@example.org")
    moderator.set_password("a-long-moderator-password")
    moderator.save()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})

    # A partner submits the form.
    page.goto(f"{base}/submit/")
    page.get_by_label("Organisation name").fill("Lantern Cancer Fund")
    page.get_by_label("Organisation website").fill("https://lantern.example.org")
    page.get_by_label("Program name").fill(TITLE)
    page.get_by_label("Short summary").fill("Gas cards for drives to treatment.")
    page.get_by_label("Gas cards").check()
    page.get_by_label("Anyone in the US can get it").check()
    page.get_by_label("Metastatic breast cancer only").check()
    page.get_by_label("You or a caregiver can apply").check()
    page.get_by_label("Your name").fill("Lee Partner")
    page.get_by_label("Your e-mail").fill("lee@lantern.example.org")
    page.get_by_label("I may share these details").check()
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    assert "Thank you" in page.content()
    reference = page.locator(".reference").inner_text()
    assert reference.startswith("BS-")

    # Before approval it is nowhere public.
    from directory.models import Submission

    program = Submission.objects.get(reference=reference).program
    page.goto(f"{base}/programs/?q=lantern")
    assert "No programs found" in page.content()
    response = page.goto(f"{base}/programs/{program.slug}/")
    assert response.status == 404
    page.goto(f"{base}/sitemap.xml")
    assert program.slug not in page.content()
    response = page.goto(f"{base}/api/hsds/services")
    if response.status == 200:
        assert "Lantern" not in page.content()

    # A moderator logs in and approves it.
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("mona")
    page.get_by_label("Password").fill("a-long-moderator-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{base}/admin/pages/{program.pk}/edit/")
    approve = page.locator('button[data-workflow-action-name="approve"]').first
    with page.expect_navigation():
        approve.evaluate("button => button.click()")
    program.refresh_from_db()
    assert program.live

    # A patient finds it in search and opens it.
    page.goto(f"{base}/programs/?need=gas-cards")
    assert TITLE in page.content()
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE
