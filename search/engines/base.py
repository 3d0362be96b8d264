"""The search interface: a query object in, results out; engines implement it."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import islice
from typing import Literal

from django.utils.translation import gettext as _

from ..analysis import compounds, query_words
from ..documents import SearchDocument

# "newest" and "oldest" by first publication; "updated" by the last news
# (`SearchDocument.updated_at`): a practice substantially revised comes back up.
Sort = Literal["relevance", "newest", "updated", "oldest"]
SORTS: tuple[Sort, ...] = ("relevance", "newest", "updated", "oldest")

# The facets every engine counts, in the order the search page shows them.
FACETS: tuple[str, ...] = (
    "theme",
    "lever",
    "audience",
    "territory_kind",
    "region",
    "departement",
    "territory",  # the member territory (Territory pk): its page lists its practices
    "status",
    "start_year",
    "document_type",  # the kinds of its attached documents
    "adapted",  # "yes": a live practice says it was inspired by this one
)

# Documents per write when an index is rebuilt in place.
REBUILD_CHUNK = 500

# Elasticsearch's default index.max_result_window; engines refuse pages beyond it.
MAX_RESULT_WINDOW = 10_000
# Beyond this many characters a query stops being a search and becomes a clause
# bomb (every word is a clause); what follows is dropped.
MAX_QUERY_CHARS = 500


class SearchError(Exception):
    """A query the engine cannot answer; the message is safe to show to the user."""


class EngineUnavailable(SearchError):
    """The engine cannot be reached or is overloaded: the same call may work later."""


@dataclass(frozen=True)
class SearchQuery:
    """What a user asked: text, selected facet values, sort and page."""

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        # Relevance ranks by the words asked for; with none (or only common
        # ones), it means nothing and the newest practices come first.
        if self.sort == "relevance" and not self.words:
            object.__setattr__(self, "sort", "newest")

    @property
    def default_sort(self) -> Sort:
        """The sort a URL need not name: relevance with words, else the newest."""
        return "relevance" if self.words else "newest"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @cached_property
    def words(self) -> list[str]:
        """The words that count (`analysis.query_words`), computed once."""
        return query_words(self.text[:MAX_QUERY_CHARS])

    @cached_property
    def compounds(self) -> list[tuple[str, ...]]:
        """The hyphenated compounds typed, as words (`analysis.compounds`)."""
        return compounds(self.text[:MAX_QUERY_CHARS])

    @property
    def only_common_words(self) -> bool:
        """Text was typed, but only stop words or function words: it selects
        nothing, and every practice is shown."""
        return bool(self.text.strip()) and not self.words

    def check_window(self) -> None:
        """Refuse deep pages, as Elasticsearch does beyond its result window."""
        if self.offset + self.per_page > MAX_RESULT_WINDOW:
            raise SearchError(
                _(
                    "Results beyond the first %(count)s cannot be paged through; "
                    "refine the search."
                )
                % {"count": MAX_RESULT_WINDOW}
            )


@dataclass(frozen=True)
class ItemError:
    """A document the engine refused, and why (the others of the write went in)."""

    page_id: int
    reason: str
    status: int | None = None
    kind: str = ""

    def __str__(self) -> str:
        head = " ".join(str(part) for part in (self.status, self.kind) if part)
        return f"practice {self.page_id}: {head + ': ' if head else ''}{self.reason}"


@dataclass
class FacetCount:
    value: str
    count: int
    selected: bool = False
    label: str = ""


@dataclass
class Hit:
    page_id: int
    title: str
    url: str
    summary: str
    territory_name: str
    published_at: datetime | None
    updated_at: datetime | None = None
    highlights: list[str] = field(default_factory=list)  # safe HTML fragments
    score: float = 0.0
    # What a practice card shows besides: facet values, labelled by the caller.
    territory_kind: str = ""
    themes: list[str] = field(default_factory=list)


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetCount]]
    query: SearchQuery
    # What was typed with its typos corrected ("" when no word looked mistyped).
    correction: str = ""


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last one shorter); itertools.batched is 3.12+."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class BaseIndex(abc.ABC):
    """The writing half of an engine: what indexing tasks ask of it."""

    @abc.abstractmethod
    def add_items(self, documents: Iterable[SearchDocument]) -> list[ItemError]:
        """Index documents; return the refused ones (empty when all went in)."""

    @abc.abstractmethod
    def delete_item(self, page_id: int) -> None:
        """Remove one practice; a practice not in the index is not an error."""

    @abc.abstractmethod
    def indexed_versions(self) -> dict[int, int]:
        """(page id → version) of every indexed document, for reconciliation."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many documents the index holds (cheap: for the admin report)."""

    def refresh(self) -> None:  # noqa: B027 - a no-op is right for most engines
        """Make recent writes visible to searches (no-op where they already are)."""

    def rebuild(self, documents: Iterable[SearchDocument]) -> list[ItemError]:
        """Replace the whole index with these documents; return the refused ones.

        By default the index is rewritten in place, chunk by chunk (each chunk one
        `add_items` call, so one short transaction on the database engine), then
        the documents not rewritten are deleted: searches keep answering from the
        index all along and nothing is locked for the whole rebuild. Engines that
        can fill a new index beside the old one (Elasticsearch) override this.
        """
        errors: list[ItemError] = []
        rewritten: set[int] = set()
        for chunk in batched(documents, REBUILD_CHUNK):
            errors += self.add_items(chunk)
            rewritten.update(document.id for document in chunk)
        for page_id in self.indexed_versions().keys() - rewritten:
            self.delete_item(page_id)
        return errors

    def upkeep(self) -> None:  # noqa: B027 - most engines need none
        """Periodic housekeeping, after each reconciliation."""

    @abc.abstractmethod
    def reset(self) -> None:
        """Drop and recreate an empty index (tests and full rebuilds)."""


class BaseSearcher(abc.ABC):
    """The reading half of an engine: what pages and digests ask of it."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Run a query: hits of the page asked for, total, facet counts."""

    @abc.abstractmethod
    def related(self, page_id: int, limit: int = 4) -> list[Hit]:
        """Practices most like this one (shared themes and terms)."""

    @abc.abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Practice titles completing what the user is typing."""


class BaseSearchEngine(abc.ABC):
    """A search engine: its index (writes), its searcher (reads), its health."""

    name: str = "base"
    index: BaseIndex
    searcher: BaseSearcher

    @abc.abstractmethod
    def is_available(self) -> bool:
        """Whether the engine answers now (for health checks; never raises)."""
