"""Typos and unfinished words, answered from the database index's own vocabulary.

The database engine keeps the words of its indexed practices (`IndexedWord`:
folded, with their usual spelling, index term and number of practices). A query
word the vocabulary does not hold, even through its index term, is:

- corrected: the closest word of the vocabulary within the edits Elasticsearch's
  `fuzziness: "AUTO:4,6"` allows (none below 4 letters, one up to 5, two
  beyond), the most used first among equals ("insertoin" → "insertion");
- completed when it is the last word, which may be unfinished: the most used
  words it begins ("insertio" → "insertion").

Those words join the word's concept as alternatives (`search.synonyms`), so the
practices holding them are found, and the corrected text is offered
("Essayez : insertion"). Candidates come from the database: PostgreSQL's
pg_trgm (trigram similarity, GIN-indexed), or on SQLite the words of about the
same length with the same first letter; both are then measured alike.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Length

from .analysis import STOP_WORDS, fold, singular, term, words
from .models import IndexedPractice, IndexedWord
from .synonyms import Concept, Expansion

MIN_CORRECTED = 4  # shorter words have too many neighbours to guess from
MIN_COMPLETED = 3
MAX_LENGTH = 40  # longer "words" are codes or URLs
COMPLETIONS = 3
CANDIDATES = 20  # closest by trigrams, then measured by edits
WRITE_BATCH = 2000
TYPED_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Spelling:
    """What a query's unknown words may have meant."""

    # query word → vocabulary words to look for as well
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the text as typed, each unknown word replaced by its best guess ("" if none)
    suggestion: str = ""


def max_edits(word: str) -> int:
    """Edits allowed between a typo and its correction (fuzziness AUTO:4,6)."""
    if len(word) < MIN_CORRECTED:
        return 0
    return 1 if len(word) < 6 else 2


def distance(a: str, b: str) -> int:
    """Edits from a to b: insertions, deletions, substitutions and swaps of two
    neighbours (optimal string alignment, as Lucene's fuzzy queries count)."""
    previous, current = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        before, previous = previous, current
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)
            )
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[-1]


def spelled_words(text: str) -> Iterator[tuple[str, str]]:
    """(folded word, lowercase spelling) of the distinct words of a text worth
    correcting to."""
    for word in set(words(text)):
        if spelled := spelling_of(word):
            yield spelled


@lru_cache(maxsize=200_000)
def spelling_of(word: str) -> tuple[str, str] | None:
    """(folded, lowercase) of a word worth correcting to, else None; cached: a
    catalogue has few distinct words, used over and over."""
    folded = fold(word)
    if (
        MIN_COMPLETED <= len(folded) <= MAX_LENGTH
        and folded not in STOP_WORDS
        and not folded.isdigit()
    ):
        return folded, word.lower()[:MAX_LENGTH]
    return None


def remember(texts: Iterable[str]) -> None:
    """Add the words of texts just indexed (their counts wait for `recount`).

    Sorted, so that two batches adding the same words never wait on each other
    in opposite orders.
    """
    found: dict[str, str] = {}
    for text in texts:
        for folded, spelling in spelled_words(text):
            found.setdefault(folded, spelling)
    IndexedWord.objects.bulk_create(
        [
            IndexedWord(word=w, form=f, term=term(w)[:MAX_LENGTH])
            for w, f in sorted(found.items())
        ],
        ignore_conflicts=True,
        batch_size=WRITE_BATCH,
    )


def recount(columns: Iterable[str]) -> int:
    """Rebuild the vocabulary from the indexed practices' `columns`: each word
    with its most common spelling and the number of practices using it."""
    practices: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    rows = IndexedPractice.objects.values_list(*columns).iterator(chunk_size=500)
    for texts in rows:
        seen = dict(spelled_words(" ".join(texts)))
        practices.update(seen.keys())
        for folded, spelling in seen.items():
            spellings.setdefault(folded, Counter())[spelling] += 1
    with transaction.atomic():
        IndexedWord.objects.all().delete()
        IndexedWord.objects.bulk_create(
            (
                IndexedWord(
                    word=word,
                    form=spellings[word].most_common(1)[0][0],
                    term=term(word)[:MAX_LENGTH],
                    practices=n,
                )
                for word, n in sorted(practices.items())
            ),
            batch_size=WRITE_BATCH,
        )
    return len(practices)


def respell(text: str, query_words: list[str]) -> Spelling:
    """The corrections and completions of the words of a query the vocabulary
    does not know (one query when it knows them all, three at most)."""
    if not query_words:
        return Spelling()
    terms = {word: term(word) for word in query_words}
    known = list(
        IndexedWord.objects.filter(
            Q(word__in=query_words) | Q(term__in=set(terms.values()))
        ).values_list("word", "term")
    )
    known_words = {word for word, _term in known}
    known_terms = {known_term for _word, known_term in known}
    unknown = [
        word
        for word in query_words
        if word not in known_words
        and terms[word] not in known_terms
        and not word.isdigit()
        and len(word) <= MAX_LENGTH
    ]
    if not unknown:
        return Spelling()
    found: dict[str, list[IndexedWord]] = {}
    for word, correction in corrections(unknown).items():
        found.setdefault(word, []).append(correction)
    last = query_words[-1]
    if last in unknown and len(last) >= MIN_COMPLETED:
        completed = IndexedWord.objects.filter(word__startswith=last)
        completions = list(completed.order_by("-practices", "word")[:COMPLETIONS])
        if completions:
            found[last] = [*completions, *found.get(last, [])]
    if not found:
        return Spelling()
    alternatives = {
        word: tuple(dict.fromkeys(w.word for w in guesses))
        for word, guesses in found.items()
    }
    best = {word: guesses[0].form for word, guesses in found.items()}

    def corrected(match: re.Match) -> str:
        return best.get(singular(fold(match.group())), match.group())

    return Spelling(alternatives, TYPED_WORD.sub(corrected, text))


def corrections(unknown: list[str]) -> dict[str, IndexedWord]:
    """The closest vocabulary word to each of these, within `max_edits`."""
    wanted = [word for word in unknown if max_edits(word)]
    if not wanted:
        return {}
    best = {}
    for word, candidate in candidates(wanted):
        edits = distance(word, candidate.word)
        if edits > max_edits(word):
            continue
        rank = (edits, -candidate.practices, candidate.word)
        if word not in best or rank < best[word][0]:
            best[word] = (rank, candidate)
    return {word: candidate for word, (_rank, candidate) in best.items()}


def candidates(wanted: list[str]) -> list[tuple[str, IndexedWord]]:
    """(typed word, vocabulary word) pairs worth measuring, in one query."""
    if connection.vendor == "postgresql":
        rows = IndexedWord.objects.raw(
            "SELECT c.*, q.typed FROM unnest(%s::text[]) AS q(typed),"
            " LATERAL (SELECT * FROM catalogue_search_indexedword w"
            " WHERE w.word %% q.typed ORDER BY w.word <-> q.typed LIMIT %s) c",
            [wanted, CANDIDATES],
        )
        return [(row.typed, row) for row in rows]
    # Elsewhere: the words of about the same length sharing the first letter.
    near = Q()
    for word in wanted:
        edits = max_edits(word)
        near |= Q(
            word__startswith=word[0],
            length__gte=len(word) - edits,
            length__lte=len(word) + edits,
        )
    rows = IndexedWord.objects.annotate(length=Length("word")).filter(near)
    return [(word, row) for row in rows for word in wanted if word[0] == row.word[0]]


def with_alternatives(expansion: Expansion, spelling: Spelling) -> Expansion:
    """The expansion with each unknown word's guesses among its alternatives."""
    if not spelling.alternatives:
        return expansion
    concepts = []
    for concept in expansion.concepts:
        typed = concept.alternatives[0]
        extra = spelling.alternatives.get(typed, ())
        concepts.append(Concept(tuple(dict.fromkeys([*concept.alternatives, *extra]))))
    return Expansion(concepts)
