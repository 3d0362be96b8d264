"""Query expansion: what a query asks for, each idea with its synonyms.

A query's words (`analysis.query_words`) are read as a list of concepts: a run
of words that is one of the expressions of a synonym group ("économie sociale
et solidaire", "ess") is one concept, with every expression of the group as its
alternatives; any other word is a concept of its own. A practice holds a
concept when it holds every word of one alternative; it must hold enough of the
concepts (`analysis.required_matches`). Every engine applies this at query
time, so an edit of the synonyms counts at the next search, with no reindexing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .analysis import query_words, required_matches, term
from .models import Synonym


@dataclass(frozen=True)
class Concept:
    """One idea of a query: its alternatives, each a string of folded words,
    what was typed first."""

    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    concepts: list[Concept]

    @property
    def required(self) -> int:
        """How many concepts a practice must hold."""
        return required_matches(len(self.concepts))

    @property
    def alternatives(self) -> list[tuple[int, str]]:
        """(concept number, alternative) pairs, for the engines' queries."""
        return [
            (n, alternative)
            for n, concept in enumerate(self.concepts)
            for alternative in concept.alternatives
        ]

    @property
    def words(self) -> list[str]:
        """Every word of every alternative (for highlighting)."""
        return [
            word
            for concept in self.concepts
            for alternative in concept.alternatives
            for word in alternative.split()
        ]


def groups() -> list[list[tuple[str, ...]]]:
    """The synonym groups, each a list of expressions as folded word tuples."""
    found = []
    for terms in Synonym.objects.values_list("terms", flat=True):
        expressions = expressions_of(terms)
        if len(expressions) > 1:
            found.append(list(expressions))
    return found


@lru_cache(maxsize=4096)
def expressions_of(terms: str) -> tuple[tuple[str, ...], ...]:
    """The expressions of a synonym group's terms, as folded word tuples.

    Cached by the text itself (read at every search): an edited group is
    another text, parsed at its first search.
    """
    expressions = [tuple(query_words(e)) for e in Synonym(terms=terms).expressions()]
    return tuple(e for e in dict.fromkeys(expressions) if e)


def expand(words: list[str], synonym_groups=None, compounds=()) -> Expansion:
    """The concepts of a query's words (one query for the synonym groups).

    A hyphenated compound typed (`compounds`: its words) is one concept too,
    held in two words or in one ("eco construction", "ecoconstruction").
    """
    if not words:
        return Expansion([])
    synonym_groups = groups() if synonym_groups is None else synonym_groups
    synonym_groups = [*synonym_groups, *([c, ("".join(c),)] for c in compounds)]
    # Compared by their index terms ("structures" meets "structure"), the
    # longest expressions first: "restauration collective" before "restauration".
    by_length = sorted(
        (
            (tuple(map(term, expression)), group)
            for group in synonym_groups
            for expression in group
        ),
        key=lambda pair: -len(pair[0]),
    )
    terms = [term(word) for word in words]
    concepts, position = [], 0
    while position < len(words):
        for expression, group in by_length:
            if tuple(terms[position : position + len(expression)]) == expression:
                typed = " ".join(words[position : position + len(expression)])
                alternatives = [typed, *(" ".join(e) for e in group)]
                concepts.append(Concept(tuple(dict.fromkeys(alternatives))))
                position += len(expression)
                break
        else:
            concepts.append(Concept((words[position],)))
            position += 1
    return Expansion(concepts)
