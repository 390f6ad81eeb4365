"""Public form errors are tied to their fields, so screen readers announce them."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_submit_form_errors_are_described_by_the_field(client, directory_page):
    html = client.post("/submit/", {"organisation_name": "x"}).content.decode()
    invalid = re.findall(
        r"<(?:input|select|textarea)[^>]*aria-invalid=\"true\"[^>]*>", html
    )
    # Radio buttons and checkbox lists are described by their fieldset instead.
    invalid = [tag for tag in invalid if not re.search(r'type="(radio|checkbox)"', tag)]
    assert invalid, "no field is marked invalid"
    for tag in invalid:
        field_id = re.search(r'\sid="([^"]+)"', tag).group(1)
        described_by = re.search(r'aria-describedby="([^"]+)"', tag).group(1)
        assert f"{field_id}-errors" in described_by.split()
        assert f'id="{field_id}-errors"' in html
