"""What a patient's words mean, the same for every backend: the words searched for,
the need categories they name, and corrections of words the directory does not know.

* **Searched words** (``search_terms``): lower case, without the stop words every
  backend drops and without filler ("help", "free", "near", "I need"), which says
  nothing about which program fits and must never make a search fail.
* **Needs named** (``needs_named``): each need category carries the everyday words and
  phrases people use for it (edited by curators; ``NeedCategory.search_words``). They
  are matched as stemmed phrases, longest first, so "light bill", "bills for lights"
  no, but "light bills" and "rides" do.
* **Corrections** (``correct``): a searched word that appears nowhere in the directory
  (no program's text, no need's words) is replaced by the known word one typing slip
  away from it ("crad" → "card"), the one most programs use; need words first. Only
  the directory's own text is the vocabulary (``search.models.SearchWord``), never
  what other people typed.

On the Spanish site (``language="es"``) the words are read in Spanish as well: its
stop words and filler are dropped too, and the needs' Spanish words are matched as
Spanish stems of the words without their accents ("pelucas", "quimioterápia"),
beside the English ones. Corrections are only made in English.

Nothing here logs or keeps a query.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import snowballstemmer

from django.db.models import Q

MAX_TERMS = 12
MAX_CORRECTIONS = 3
MAX_CANDIDATES = 10
MIN_CORRECTED_LENGTH = 3
# How often (per pyspellchecker's counts) a word must be used to count as English.
MIN_ENGLISH_FREQUENCY = 20

# Words too common to search for, dropped the same way on every backend. This is the
# English stop list PostgreSQL's full-text search uses, so it agrees with SQLite.
_STOP_LIST = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
"""
STOP_WORDS = frozenset(_STOP_LIST.split())

# What people add to a request that does not say which help fits: every program helps,
# is about cancer and is for patients. Dropped from the searched words (a need's
# phrase may still use them: "legal help", "support group").
_FILLER_LIST = """
    help helps helping helped need needs needed needing please want wanted looking
    look find finding get getting got free cost costs afford affording cant couldn
    pay paying paid assistance assist assisting aid program programs service services
    resource resources option options way ways someone somebody anyone anything
    something near nearby around close local area available give giving offer offers
    cancer breast metastatic mbc stage iv patient patients person people woman women
"""
FILLER_WORDS = frozenset(_FILLER_LIST.split())

# Spanish: the short words of the language (the core of Snowball's Spanish stop
# list) and what a request adds that says nothing about which program fits, as
# above ("ayuda", "gratis", "necesito"). Compared without accents.
_STOP_LIST_ES = """
    de la que el en y a los del se las por un para con no una su al lo como mas pero
    sus le ya o este si porque esta entre cuando muy sin sobre tambien me hasta hay
    donde quien desde todo nos durante todos uno les ni contra otros ese eso ante
    ellos e esto mi antes algunos unos yo otro otras otra el tanto esa estos mucho
    quienes nada muchos cual poco ella estar estas algunas algo nosotros mis tu te ti
    tus ellas nosotras os mio mia mios mias tuyo tuya suyo suya nuestro nuestra
    nuestros nuestras esos esas estoy estas esta estamos estan soy es son eres fue
    era ser he ha han hemos tengo tiene tienen tenemos tener hacer hago puedo puede
    pueden cuanto cuanta como cual cuales u
"""
_FILLER_LIST_ES = """
    ayuda ayudas ayudar ayudan ayudame ayudenme necesito necesita necesitamos
    necesitan necesidad necesidades gratis gratuito gratuita gratuitos gratuitas
    programa programas servicio servicios recurso recursos opcion opciones
    asistencia pagar pago pagos costo costos busco buscar buscando encontrar
    conseguir obtener quiero quisiera queremos favor cerca cercano cercana
    alguien algun alguna cancer mama seno senos metastasico metastasica
    metastasis estadio paciente pacientes persona personas mujer mujeres gente
"""


def fold(word):
    """``word`` without its accents and in lower case: "Quimioterápia" →
    "quimioterapia" (ñ → n as well: people type either)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(letter for letter in decomposed if not unicodedata.combining(letter))


STOP_WORDS_ES = frozenset(_STOP_LIST_ES.split())
# English need words that are Spanish words meaning something else, not read as
# English on the Spanish site: "gas" there is the household gas, not gasoline.
FALSE_FRIENDS_ES = frozenset({"gas"})
FILLER_WORDS_ES = frozenset(_FILLER_LIST_ES.split())

# Letters and digits; "_" and one-letter leftovers ("wig's" → "wig", "s") are not words.
_TERM_RE = re.compile(r"[^\W_]+")
# A Snowball stemmer keeps its state while it works: one per thread.
_local = threading.local()
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def tokens(text):
    """Every word of ``text``, in lower case (an accent typed as a mark of its own,
    "a" + "\u0301", joined to its letter first, so it does not split the word)."""
    text = unicodedata.normalize("NFC", text or "")
    return [token.casefold() for token in _TERM_RE.findall(text)]


def stem(word):
    """The English (Snowball) stem, so "rides" and "ride" are one word. Not cached:
    a cache would keep what patients typed in memory."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def stem_es(word):
    """The Spanish (Snowball) stem of ``word`` without its accents: "pelucas" and
    "peluca" are one word, and so are "quimioterapia" and "quimioterápia"."""
    stemmer = getattr(_local, "stemmer_es", None)
    if stemmer is None:
        stemmer = _local.stemmer_es = snowballstemmer.stemmer("spanish")
    return stemmer.stemWord(fold(word))


def search_terms(text, language="en"):
    """The words of a free-text query that every backend searches for (lower case,
    stop words and filler dropped, at most 12); in Spanish, Spanish stop words and
    filler are dropped too."""
    spanish = language == "es"
    terms = [
        term
        for term in tokens(text)
        if term not in STOP_WORDS
        and term not in FILLER_WORDS
        and 1 < len(term) <= 40
        and not (
            spanish and (fold(term) in STOP_WORDS_ES or fold(term) in FILLER_WORDS_ES)
        )
    ]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def keyed(words, language="en", skip=frozenset()):
    """(position, stem) of each of ``words`` that is not a stop word of
    ``language`` nor at a position in ``skip``."""
    if language == "es":
        return [
            (at, stem_es(word))
            for at, word in enumerate(words)
            if at not in skip and fold(word) not in STOP_WORDS_ES
        ]
    return [
        (at, stem(word))
        for at, word in enumerate(words)
        if at not in skip and word not in STOP_WORDS
    ]


def phrase_key(text):
    """A phrase as stems without stop words: "rides to chemo" → ("ride", "chemo")."""
    return tuple(word for _, word in keyed(tokens(text)))


def phrase_key_es(text):
    """A Spanish phrase as stems without accents and stop words: "transporte a la
    quimioterapia" → ("transport", "quimioterapi")."""
    return tuple(word for _, word in keyed(tokens(text), "es"))


def need_phrases(needs, language="en"):
    """{phrase key: need slugs} from each need's name and words (in ``language``).
    A phrase made only of filler ("help") would name every need, so it names none."""
    if language == "es":
        key_of, filler = phrase_key_es, FILLER_STEMS_ES
        named = ((need, (need.name_es, *need.words_es)) for need in needs)
    else:
        key_of, filler = phrase_key, FILLER_STEMS
        named = ((need, (need.name, *need.words)) for need in needs)
    phrases = {}
    for need, need_phrases_ in named:
        for phrase in need_phrases_:
            key = key_of(phrase)
            if key and not all(word in filler for word in key):
                phrases.setdefault(key, set()).add(need.slug)
    return {key: frozenset(slugs) for key, slugs in phrases.items()}


FILLER_STEMS = frozenset(stem(word) for word in FILLER_WORDS)
FILLER_STEMS_ES = frozenset(stem_es(word) for word in FILLER_WORDS_ES)


def need_vocabulary(needs):
    """(words, stems) of the needs' English names and phrases, which corrections
    (English only) may suggest."""
    words = set()
    for need in needs:
        words.update(tokens(" ".join([need.name, *need.words])))
    return frozenset(words), frozenset(stem(word) for word in words)


_for_taxonomy = [(None, None)]  # one (taxonomy, reading) pair, swapped whole


@dataclass(frozen=True)
class NeedReading:
    """What the needs' words are, worked out once per taxonomy load."""

    phrases: dict  # English phrase key -> need slugs
    phrases_es: dict  # Spanish phrase key -> need slugs
    words: frozenset
    stems: frozenset

    @cached_property
    def english_on_es(self):
        """The English phrases read on the Spanish site: all but false friends."""
        return {
            key: slugs
            for key, slugs in self.phrases.items()
            if not (len(key) == 1 and key[0] in FALSE_FRIENDS_ES)
        }


def need_reading(tax):
    """The ``NeedReading`` of a taxonomy (a curator's change reloads the taxonomy,
    so the next search reads the new words)."""
    loaded, reading = _for_taxonomy[0]
    if loaded is not tax:
        reading = NeedReading(
            need_phrases(tax.needs),
            need_phrases(tax.needs, "es"),
            *need_vocabulary(tax.needs),
        )
        _for_taxonomy[0] = (tax, reading)
    return reading


def needs_named_in(text, reading, language="en"):
    """The need slugs ``text`` names by their English phrases; on the Spanish site
    by their Spanish ones first, then by English phrases among the words no Spanish
    phrase used ("recibo del gas" is the gas bill, not the English "gas")."""
    if language != "es":
        return needs_named(text, reading.phrases)
    words = tokens(text)
    named, used = _scan(keyed(words, "es"), reading.phrases_es)
    named += _scan(keyed(words, skip=used), reading.english_on_es)[0]
    return tuple(dict.fromkeys(named))


def needs_named(text, phrases, key_of=phrase_key):
    """The need slugs whose phrases ``text`` uses, longest phrase first."""
    return tuple(dict.fromkeys(_scan(list(enumerate(key_of(text))), phrases)[0]))


def _scan(keyed, phrases):
    """(need slugs, positions used) of the phrases found in ``keyed`` ((position,
    stem) pairs in order), longest phrase first."""
    key = [word for _, word in keyed]
    longest = max((len(phrase) for phrase in phrases), default=0)
    named, used, start = [], set(), 0
    while start < len(key):
        for length in range(min(longest, len(key) - start), 0, -1):
            slugs = phrases.get(tuple(key[start : start + length]))
            if slugs:
                named += sorted(slugs)
                used.update(at for at, _ in keyed[start : start + length])
                start += length
                break
        else:
            start += 1
    return named, used


def slips(word):
    """Every word one typing slip from ``word`` (a letter swapped with the next, one
    wrong, one missing, one extra), by how common each slip is."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swapped = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    wrong = [a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]]
    missing = [a + c + b for a, b in splits for c in _LETTERS]
    extra = [a + b[1:] for a, b in splits if b]
    return list(dict.fromkeys([*swapped, *wrong, *missing, *extra]))


@dataclass(frozen=True)
class Correction:
    typed: str
    suggested: str


class Vocabulary:
    """The directory's own words: the need phrases' words (``need_words``, words and
    stems) and every word of the programs' text (``search.models.SearchWord``, kept
    by the database backend), with how many programs use a word (its full-text
    table)."""

    def __init__(self, need_words, need_stems=frozenset()):
        self.need_words = need_words
        self.need_stems = need_stems

    def known(self, words):
        """Which of ``words`` a program's text uses, as the word or its stem."""
        from search.models import SearchWord

        by_stem = {}
        for word in words:
            by_stem.setdefault(stem(word), []).append(word)
        rows = SearchWord.objects.filter(Q(word__in=words) | Q(stem__in=list(by_stem)))
        found = set()
        for word, word_stem in rows.values_list("word", "stem"):
            found.add(word)
            found.update(by_stem.get(word_stem, ()))
        return found & set(words)

    def existing(self, words):
        """Which of ``words`` a program's text uses as they are."""
        from search.models import SearchWord

        return set(
            SearchWord.objects.filter(word__in=list(words)).values_list(
                "word", flat=True
            )
        )

    def program_counts(self, words):
        from search.fulltext import fulltext_table

        return fulltext_table().document_counts(sorted(words)) if words else {}

    def is_need_word(self, word):
        """A need's word, or the same word otherwise inflected."""
        return word in self.need_words or stem(word) in self.need_stems

    def is_need_phrase(self, words):
        """Words (one, or two from a join) that the need phrases use as written."""
        return all(word in self.need_words for word in words.split())


def joins(word):
    """``word`` split in two ("gascard" → "gas card"), each part two letters or more."""
    return [f"{word[:i]} {word[i:]}" for i in range(2, len(word) - 1)]


def english(word):
    """Is ``word`` an English word people use (pyspellchecker's word frequencies)? A
    real word the directory does not use ("mom", "wife") is not a misspelling."""
    return english_words()[word] >= MIN_ENGLISH_FREQUENCY


@lru_cache(maxsize=1)
def english_words():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1).word_frequency


def correct(terms, vocabulary):
    """Corrections for the searched words the directory does not know and English
    does not either: at most three more queries, one when every word is known."""
    unsure = [
        term
        for term in terms
        if term.isalpha()
        and len(term) >= MIN_CORRECTED_LENGTH
        and not vocabulary.is_need_word(term)
    ]
    if not unsure:
        return ()
    known = vocabulary.known(unsure)
    unknown = [term for term in unsure if term not in known][:MAX_CORRECTIONS]
    if not unknown:
        return ()
    # A real English word is only parted ("housecleaning"), never respelt.
    candidates = {
        term: joins(term) if english(term) else slips(term) + joins(term)
        for term in unknown
    }
    words = {part for found in candidates.values() for w in found for part in w.split()}
    in_text = vocabulary.existing(words) | (words & vocabulary.need_words)
    choices = {}
    for term, found in candidates.items():
        found = [w for w in found if all(part in in_text for part in w.split())]
        # Need words first, then the commoner slip.
        found.sort(key=lambda word: not vocabulary.is_need_phrase(word))
        choices[term] = found[:MAX_CANDIDATES]
    counts = vocabulary.program_counts({w for found in choices.values() for w in found})
    corrections = []
    for term, found in choices.items():
        # A need word is always worth suggesting (its programs are tagged with the
        # need even when their text does not use it); other words only if used.
        used = [w for w in found if counts.get(w) or vocabulary.is_need_phrase(w)]
        if used:
            best = min(
                used,
                key=lambda w: (
                    not vocabulary.is_need_phrase(w),
                    -counts.get(w, 0),
                    found.index(w),
                ),
            )
            corrections.append(Correction(term, best))
    return tuple(corrections)


def apply_corrections(text, corrections):
    """``text`` with each corrected word replaced (whole words, any case)."""
    for correction in corrections:
        text = re.sub(
            rf"(?<![^\W_]){re.escape(correction.typed)}(?![^\W_])",
            correction.suggested,
            text,
            flags=re.IGNORECASE,
        )
    return text


def vocabulary_words(texts):
    """The words of a program's text that corrections may suggest."""
    words = set()
    for text in texts:
        words.update(
            token
            for token in tokens(text)
            if token.isalpha() and token.isascii() and 2 < len(token) <= 40
        )
    return words
