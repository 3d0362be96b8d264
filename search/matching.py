"""Whether a practice matches a saved search, decided in Python.

The digests test thousands of saved searches against the week's practices; asking
the engine once per search would cost one request each. This module applies the
engines' rules to documents in memory instead:

- the text: every index term of the query (French analyzer of `search.analysis`:
  elision, folding, stop words, stemming) appears in the practice's title,
  summary, body, partners or territories — Elasticsearch's `cross_fields` with
  operator "and", PostgreSQL's `plainto_tsquery`; a query made only of stop words
  matches everything, as on the engines;
- the facets: at least one selected value of each facet with a selection
  (values of one facet are alternatives, facets narrow one another).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .analysis import analyze
from .documents import SearchDocument
from .engines.base import FACETS
from .params import FACET_VALUE, MAX_VALUES_PER_FACET, clean_text


@dataclass(frozen=True)
class MatchableDocument:
    """The index terms and facet values of one practice."""

    terms: frozenset[str]
    facets: Mapping[str, frozenset[str]]


def matchable(document: SearchDocument) -> MatchableDocument:
    text = " ".join(
        [
            document.title,
            document.summary,
            document.body,
            document.partners,
            document.territories,
        ]
    )
    return MatchableDocument(
        terms=frozenset(analyze(text)),
        facets={name: frozenset(getattr(document, name)) for name in FACETS},
    )


@dataclass(frozen=True)
class SavedSearch:
    """A query text and facet selections, cleaned as the search page cleans them."""

    text: str
    terms: frozenset[str]
    filters: Mapping[str, frozenset[str]]

    @classmethod
    def from_saved(cls, text: str, filters: Mapping | None) -> SavedSearch:
        """Unknown facets and malformed values are dropped, never an error."""
        text = clean_text(text or "")
        cleaned = {}
        for facet in FACETS:
            values = (filters or {}).get(facet) if isinstance(filters, Mapping) else []
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list | tuple):
                continue
            kept = frozenset(
                v
                for v in values[:MAX_VALUES_PER_FACET]
                if isinstance(v, str) and FACET_VALUE.match(v)
            )
            if kept:
                cleaned[facet] = kept
        return cls(text=text, terms=frozenset(analyze(text)), filters=cleaned)

    @property
    def key(self) -> tuple:
        """Equal for searches that match the same practices (for caching)."""
        return (self.terms, tuple(sorted(self.filters.items())))

    def matches(self, document: MatchableDocument) -> bool:
        if not self.terms <= document.terms:
            return False
        return all(
            values & document.facets.get(facet, frozenset())
            for facet, values in self.filters.items()
        )
