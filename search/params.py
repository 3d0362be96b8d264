"""Read a search request's query string into a SearchQuery, whatever it holds."""

from __future__ import annotations

import re
import unicodedata

from django.http import QueryDict

from .engines.base import FACETS, SORTS, SearchQuery

MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 30
FACET_VALUE = re.compile(r"^[\w-]{1,60}$")
PER_PAGE = 20


def clean_text(text: str) -> str:
    """The query text without control characters, collapsed, at most 200 characters."""
    printable = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") else c
        for c in text[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def parse_page(raw: str | None) -> int:
    """A page number from 1; anything unreadable is page 1."""
    try:
        page = int((raw or "1").strip()[:12])
    except ValueError:
        return 1
    return max(page, 1)


def parse_search_params(params: QueryDict) -> SearchQuery:
    """Malformed values are dropped or clamped: a search request never fails here."""
    filters = {}
    for facet in FACETS:
        values = [
            v
            for v in params.getlist(facet)[:MAX_VALUES_PER_FACET]
            if FACET_VALUE.match(v)
        ]
        if values:
            filters[facet] = tuple(dict.fromkeys(values))
    sort = params.get("sort", "")
    return SearchQuery(
        text=clean_text(params.get("q", "")),
        filters=filters,
        sort=sort if sort in SORTS else "relevance",  # relevance: newest if no words
        page=parse_page(params.get("page")),
        per_page=PER_PAGE,
    )


def query_string(query: SearchQuery, **changes) -> str:
    """The URL query string of a search, with some parameters changed."""
    params = QueryDict(mutable=True)
    if query.text:
        params["q"] = query.text
    for facet, values in query.filters.items():
        params.setlist(facet, list(values))
    if query.sort != query.default_sort:
        params["sort"] = query.sort
    for key, value in changes.items():
        if value in (None, "", []):
            params.pop(key, None)
        elif isinstance(value, list | tuple):
            params.setlist(key, list(value))
        else:
            params[key] = str(value)
    return params.urlencode()
