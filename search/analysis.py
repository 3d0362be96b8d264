"""French text analysis in Python, mirroring the Elasticsearch analyzer.

Used where the database cannot analyse French itself (SQLite FTS5) and to
highlight matches the same way on every engine: elision, lowercase, French stop
words, ASCII folding (ligatures included: œ → oe), Snowball French stemming — in
that order, so that a user typing without accents finds accented words.

Every engine also gets, from here, what its analyzer cannot do alone:
- the words of a query that count (`query_words`: no stop word, no function
  word such as "comment" or "quels"), and how many of them must match
  (`required_matches`: all of one or two, three in four beyond);
- `variants` of a text, indexed beside it: compounds and names joined
  ("éco-conception" → "ecoconception", "d'Ascq" → "dascq", "O'Neill" →
  "oneill"), and the singular of the -eux plurals the stemmers keep apart
  ("lieux" → "lieu"), which queries are given too.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape

from territories.text import fold

ELISION = re.compile(
    r"\b(?:l|m|t|qu|n|s|j|d|c|jusqu|quoiqu|lorsqu|puisqu)['’]", re.IGNORECASE
)
WORD = re.compile(r"\w+")
COMPOUND = re.compile(r"\w+(?:[-'’]\w+)+")
HYPHENATED = re.compile(r"\w+(?:-\w+)+")
INNER_APOSTROPHE = re.compile(r"(\w+)['’](\w+)")
SEPARATORS = re.compile(r"[-'’]")

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

# Words a question is made of that say nothing of what is looked for: never
# required (folded, like STOP_WORDS; those are dropped by every analyzer anyway).
FUNCTION_WORDS = frozenset(
    """
    comment pourquoi quand combien quel quels quelle quelles quoi lequel laquelle
    lesquels lesquelles dont ou cette cet ceux celle celles celui ceci cela ca tout
    tous toute toutes autre autres meme plus moins tres trop peu aussi ainsi alors
    donc comme sans sous vers chez entre selon depuis pendant apres avant contre
    faire fait font peut peuvent pouvoir doit doivent exemple exemples etc
    """.split()  # noqa: SIM905
)

# -eux plurals that Snowball (and Lucene's light French stemmer) keep apart
# from their singular; -eau(x) and -al/-aux already stem together.
EUX_SINGULARS = "lieu milieu jeu enjeu feu voeu neveu cheveu adieu essieu"
EUX_PLURALS = {f"{word}x": word for word in EUX_SINGULARS.split()}

_stemmer = snowballstemmer.stemmer("french")


def singular(folded: str) -> str:
    """The singular of an -eux plural the stemmers miss; other words unchanged."""
    return EUX_PLURALS.get(folded, folded)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of one word, cached: highlighting folds and stems every word
    of 20 bodies per search, and a catalogue has few distinct words."""
    return stem(singular(fold(word)))


def words(text: str) -> list[str]:
    """The words of a text, elisions removed, in their original spelling."""
    return WORD.findall(ELISION.sub(" ", text))


def analyze(text: str) -> list[str]:
    """Index terms of a text: folded, stop words removed, stemmed."""
    terms = []
    for word in words(text):
        folded = fold(word)
        if folded not in STOP_WORDS:
            terms.append(stem(singular(folded)))
    return terms


def query_words(text: str) -> list[str]:
    """The words of a query that count, folded, once each, in their order.

    What is left once stop words and function words are dropped. A name with
    an apostrophe inside ("O'Neill", once elisions are gone) is one word, as
    `variants` indexes it; -eux plurals are given as their singular (the index
    holds both).
    """
    joined = INNER_APOSTROPHE.sub(r"\1\2", ELISION.sub(" ", text))
    kept = []
    for word in WORD.findall(joined):
        folded = fold(word)
        if folded not in STOP_WORDS and folded not in FUNCTION_WORDS:
            kept.append(singular(folded))
    return list(dict.fromkeys(kept))


def compounds(text: str) -> list[tuple[str, ...]]:
    """The hyphenated compounds of a query, as their words ("éco-construction"
    → ("eco", "construction")): a query holds them either way (`synonyms`)."""
    found = []
    for match in HYPHENATED.finditer(ELISION.sub(" ", text)):
        parts = tuple(query_words(match.group().replace("-", " ")))
        if len(parts) > 1:
            found.append(parts)
    return found


def required_matches(count: int) -> int:
    """How many of a query's `count` words a practice must hold.

    All of one or two words; beyond, three in four (rounded down), as
    Elasticsearch's `minimum_should_match: "2<75%"`.
    """
    return count if count <= 2 else count * 3 // 4


def variants(text: str) -> str:
    """Extra words indexed with a text, so that other spellings find it.

    Compounds and names joined ("éco-conception" → "ecoconception",
    "Villeneuve-d'Ascq" → "villeneuvedascq" and "dascq"), and the singular of
    -eux plurals ("lieux" → "lieu").
    """
    found = []
    for match in COMPOUND.finditer(text):
        compound = match.group()
        for spelling in (compound, ELISION.sub("", compound)):
            if SEPARATORS.search(spelling):
                found.append(fold(SEPARATORS.sub("", spelling)))
        found += [fold(a + b) for a, b in INNER_APOSTROPHE.findall(compound)]
    for word in WORD.findall(text):
        folded = fold(word)
        if folded in EUX_PLURALS:
            found.append(EUX_PLURALS[folded])
    return " ".join(dict.fromkeys(found))


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
