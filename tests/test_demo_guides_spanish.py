"""The Spanish of the demo guides (``home/demo_guides_es.py``) says what the English
says: every guide and block has its Spanish, in the same order, with the same HTML
tags, links (to the same pages, on the Spanish site), list lengths and numbers, and
it addresses the reader as "usted"."""

import re

import pytest

from home.demo_guides import GUIDES, HELPER_GUIDES
from home.demo_guides_es import GUIDES_ES
from tests.test_demo_spanish import TAG, facts

ENGLISH = [*GUIDES, *HELPER_GUIDES]
# Words of the familiar "tú", which the site never uses.
TU = re.compile(r"\b(tú|tu|tus|puedes|tienes|necesitas|quieres|eres|estás)\b", re.I)


def same_site_links(html):
    """The tags of ``html`` with a link to the Spanish site read as the English."""
    return [tag.replace('href="/es/', 'href="/') for tag in TAG.findall(html)]


def texts(kind, value):
    """The text pieces of one block, in order."""
    if kind == "checklist":
        return [value["heading"], *value["items"]]
    if kind == "callout":
        return [value["heading"], value["text"]]
    return [value]


def test_every_guide_has_its_spanish_and_nothing_else():
    assert set(GUIDES_ES) == {guide["slug"] for guide in ENGLISH}


@pytest.mark.parametrize("guide", ENGLISH, ids=lambda guide: guide["slug"])
def test_the_spanish_keeps_every_block_and_fact_of_the_english(guide):
    spanish = GUIDES_ES[guide["slug"]]
    assert spanish["title"] and spanish["title"] != guide["title"]
    assert spanish["summary"] and spanish["summary"] != guide["summary"]
    assert [kind for kind, _ in spanish["body"]] == [kind for kind, _ in guide["body"]]
    for (kind, english), (_, translated) in zip(
        guide["body"], spanish["body"], strict=True
    ):
        english_texts, spanish_texts = texts(kind, english), texts(kind, translated)
        assert len(english_texts) == len(spanish_texts), kind
        for original, text in zip(english_texts, spanish_texts, strict=True):
            assert facts(original) == facts(text), text
            assert TAG.findall(original) == same_site_links(text), text


@pytest.mark.parametrize("slug", sorted(GUIDES_ES))
def test_the_spanish_says_usted(slug):
    spanish = GUIDES_ES[slug]
    words = " ".join(
        [
            spanish["title"],
            spanish["summary"],
            *(text for kind, value in spanish["body"] for text in texts(kind, value)),
        ]
    )
    assert TU.findall(words) == []
