"""French text analysis in Python, mirroring the Elasticsearch analyzer.

Used where the database cannot analyse French itself (SQLite FTS5) and to
highlight matches the same way on every engine: elision, lowercase, French stop
words, ASCII folding, Snowball French stemming — in that order, so that a user
typing without accents finds accented words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape

ELISION = re.compile(
    r"\b(?:l|m|t|qu|n|s|j|d|c|jusqu|quoiqu|lorsqu|puisqu)['’]", re.IGNORECASE
)
WORD = re.compile(r"\w+")

# Snowball's French stop words, ASCII-folded (the analyzer folds before it filters).
STOP_WORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma
    mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses
    son sur ta te tes toi ton tu un une vos votre vous c d j l a m n s t y ete etee
    etees etes etant etante etants etantes suis es est sommes etes sont serai seras
    sera serons serez seront serais serait serions seriez seraient etais etait etions
    etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse
    fusses fut fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai
    as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions
    auriez auraient avais avait avions aviez avaient eut eumes eutes eurent aie aies
    ait ayons ayez aient eusse eusses eut eussions eussiez eussent
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lowercase without accents: "Économie" → "economie"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of one word, cached: highlighting folds and stems every word
    of 20 bodies per search, and a catalogue has few distinct words."""
    return stem(fold(word))


def words(text: str) -> list[str]:
    """The words of a text, elisions removed, in their original spelling."""
    return WORD.findall(ELISION.sub(" ", text))


def analyze(text: str) -> list[str]:
    """Index terms of a text: folded, stop words removed, stemmed."""
    terms = []
    for word in words(text):
        folded = fold(word)
        if folded not in STOP_WORDS:
            terms.append(stem(folded))
    return terms


def highlight(text: str, terms: set[str], size: int = 220, tag: str = "mark") -> str:
    """An escaped excerpt of `text` around the first match, matches wrapped in a tag.

    Returns "" when nothing matches, so callers can fall back to the summary.
    """
    if not text or not terms:
        return ""
    # Stop at the first match: only the words of its excerpt are looked at then
    # (a body has hundreds of words; a page of results, twenty bodies).
    found = WORD.finditer(text)
    first = next((m for m in found if term(m.group()) in terms), None)
    if first is None:
        return ""
    start = max(0, first.start() - size // 3)
    end = min(len(text), start + size)
    if start > 0:
        # begin on a word boundary
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    matches = [first]
    for m in found:
        if m.end() > end:
            break
        if term(m.group()) in terms:
            matches.append(m)
    parts, cursor = [], start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        parts.append(escape(text[cursor : m.start()]))
        parts.append(f"<{tag}>{escape(m.group())}</{tag}>")
        cursor = m.end()
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(parts) + suffix
