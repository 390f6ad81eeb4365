"""The Spanish text of the demo programs (``directory/fixtures/demo_programs_es.json``)
says what the English says: every program and every patient-facing field that has
English has Spanish, and no number, amount, date, phone, e-mail or address is
changed, dropped or added; HTML fields keep the same tags."""

import json
import re
from pathlib import Path

import pytest

from django.conf import settings

from directory.program_fields import SPANISH_FIELDS

FIXTURES = Path(settings.BASE_DIR) / "directory" / "fixtures"
FIELDS = SPANISH_FIELDS
FACT = re.compile(r"https?://\S+|[\w.+-]+@[\w.-]+|\$[\d,.]+|\d[\d,.:/-]*")
TAG = re.compile(r"<[^>]+>")


def facts(text):
    return sorted(fact.rstrip(".,;:)-") for fact in FACT.findall(text))


ENGLISH = json.loads((FIXTURES / "demo_programs.json").read_text(encoding="utf-8"))
SPANISH = json.loads((FIXTURES / "demo_programs_es.json").read_text(encoding="utf-8"))


def test_every_demo_program_has_its_spanish_and_nothing_else():
    assert list(SPANISH) == [record["external_id"] for record in ENGLISH]
    for external_id, spanish in SPANISH.items():
        assert set(spanish) <= {f"{field}_es" for field in FIELDS}, external_id


@pytest.mark.parametrize("record", ENGLISH, ids=lambda record: record["external_id"])
def test_the_spanish_keeps_every_fact_of_the_english(record):
    spanish = SPANISH[record["external_id"]]
    for field in FIELDS:
        english, translated = record.get(field) or "", spanish.get(f"{field}_es", "")
        assert bool(english) == bool(translated), field
        assert facts(english) == facts(translated), field
        assert TAG.findall(english) == TAG.findall(translated), field
