"""Reading what patients type (``search.words``): the words searched, the needs they
name, and corrections from the directory's own vocabulary. Backends are in
test_search_contract.py; the page's wording in test_search_views.py."""

import pytest

from directory.taxonomy import Need
from search.models import SearchWord
from search.query import SearchQuery
from search.words import (
    Correction,
    Vocabulary,
    apply_corrections,
    correct,
    need_phrases,
    needs_named,
    search_terms,
    slips,
    stem,
)

NEEDS = (
    Need(
        1,
        "utility-bills",
        "Utility bills",
        "Money",
        ("light bill", "power", "gas bill"),
    ),
    Need(2, "gas-cards", "Gas cards", "Travel", ("gas", "fuel", "gas money")),
    Need(3, "legal", "Legal help", "Work", ("power of attorney", "lawyer")),
    Need(4, "support-groups", "Support groups", "Support", ("help",)),
)
PHRASES = need_phrases(NEEDS)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("I need help paying my electric bill", ["electric", "bill"]),
        ("free wigs near me please", ["wigs"]),
        ("Help", []),
        ("rides to chemo, rides!", ["rides", "chemo"]),
    ],
)
def test_stop_words_and_filler_are_not_searched(text, terms):
    assert search_terms(text) == terms


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("my light bills", ("utility-bills",)),  # plural, stemmed
        ("gas bill", ("utility-bills",)),  # the longer phrase wins over "gas"
        ("gas for the car", ("gas-cards",)),
        ("gas money and a lawyer", ("gas-cards", "legal")),
        ("power of attorney", ("legal",)),  # not "power" (utility bills)
        ("help", ()),  # a phrase of filler only names nothing
        ("utility bills", ("utility-bills",)),  # the need's own name
        ("bills", ()),
    ],
)
def test_need_phrases_are_matched_longest_first(text, needs):
    assert needs_named(text, PHRASES) == needs


def test_slips_are_one_typing_slip_away_commonest_first():
    candidates = slips("crad")
    assert candidates[0] == "rcad"  # swapped letters come first
    assert {"card", "cra", "crab", "crads"} <= set(candidates)
    assert "crad" not in candidates


class FakeVocabulary(Vocabulary):
    """The directory's words and how many programs use each, without a database."""

    def __init__(self, text_words, need_words=frozenset()):
        super().__init__(need_words, {stem(word) for word in need_words})
        self.text_words = text_words
        self.asked = []

    def known(self, words):
        self.asked.append(sorted(words))
        stems = {stem(word) for word in self.text_words}
        return {w for w in words if w in self.text_words or stem(w) in stems}

    def existing(self, words):
        return set(words) & set(self.text_words)

    def program_counts(self, words):
        # Programs having every part (as the full-text tables count "gas card").
        return {
            word: min(self.text_words.get(part, 0) for part in word.split())
            for word in words
        }


def test_a_word_no_program_uses_is_corrected_to_the_commonest_near_word():
    vocabulary = FakeVocabulary({"card": 40, "crab": 1, "gas": 9})
    assert correct(["gas", "crad"], vocabulary) == (Correction("crad", "card"),)


def test_need_words_are_preferred_to_commoner_words():
    vocabulary = FakeVocabulary({"ride": 3, "rude": 50}, need_words={"ride"})
    assert correct(["rlde"], vocabulary) == (Correction("rlde", "ride"),)


def test_known_words_and_stems_are_not_corrected():
    vocabulary = FakeVocabulary({"ride": 3})
    # "rides" is not in the text, but its stem is: not a misspelling.
    assert correct(["rides", "of"], vocabulary) == ()
    assert vocabulary.asked == [["rides"]]  # one question, no candidates


def test_real_words_the_directory_does_not_use_are_not_corrected():
    # "mom" is one slip from "com", "wife" from "life": English, not misspellings.
    vocabulary = FakeVocabulary({"com": 3, "life": 9, "card": 4})
    assert correct(["mom", "wife", "crad"], vocabulary) == (Correction("crad", "card"),)


def test_words_run_together_are_parted():
    vocabulary = FakeVocabulary({"gas": 5, "card": 40}, {"house", "cleaning"})
    assert correct(["gascard", "housecleaning"], vocabulary) == (
        Correction("gascard", "gas card"),
        Correction("housecleaning", "house cleaning"),
    )


def test_a_need_word_no_program_text_uses_is_still_suggested():
    vocabulary = FakeVocabulary({"rides": 0}, need_words={"lyft", "uber"})
    assert correct(["lfyt"], vocabulary) == (Correction("lfyt", "lyft"),)


def test_no_correction_when_nothing_near_is_used():
    vocabulary = FakeVocabulary({"card": 0, "wig": 2})
    assert correct(["crad", "zz", "2024"], vocabulary) == ()


def test_corrections_replace_whole_words_in_any_case():
    text = apply_corrections("Gas CRAD crads", (Correction("crad", "card"),))
    assert text == "Gas card crads"


@pytest.mark.django_db
def test_the_vocabulary_is_the_directory_text(directory_page):
    from tests.factories import ProgramPageFactory

    ProgramPageFactory(parent=directory_page, title="Lantern Transport Fund")
    assert SearchWord.objects.filter(word="lantern", stem="lantern").exists()
    query = SearchQuery.from_params({"q": "lantren transport"})
    assert query.corrections == (Correction("lantren", "lantern"),)
    assert query.searched_text == "lantern transport"
    assert query.text == "lantren transport"
    assert query.replace(text="").corrections == ()
