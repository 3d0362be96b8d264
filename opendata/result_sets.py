"""A result set of the search, asked for by a feed or an export: strict parameters
and the finder's pages.

The feeds and the exports take the search page's parameters (`search.params`),
but where the search page quietly drops what it cannot read, they refuse it: a
feed reader or a script must learn that its URL is wrong (400), not receive
every practice instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import wraps

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

from search.engines import get_engine
from search.engines.base import (
    FACETS,
    SORTS,
    EngineUnavailable,
    Hit,
    SearchError,
    SearchQuery,
    SearchResults,
)
from search.facets import known_filters
from search.params import (
    FACET_VALUE,
    MAX_QUERY_LENGTH,
    MAX_VALUES_PER_FACET,
    parse_search_params,
)

# `page` is accepted (a search page's URL may carry it) and ignored.
PARAMETERS = frozenset({"q", "sort", "page", *FACETS})


def asked_query(params: QueryDict, **changes) -> SearchQuery:
    """The search these parameters ask for; BadRequest (400) for anything unknown
    or malformed: a parameter, a facet value, a sort."""
    unknown = sorted(set(params) - PARAMETERS)
    if unknown:
        raise BadRequest(
            _("Unknown parameter: %(names)s.") % {"names": ", ".join(unknown)}
        )
    if len(params.get("q", "")) > MAX_QUERY_LENGTH:
        raise BadRequest(
            _("The search text is longer than %(count)s characters.")
            % {"count": MAX_QUERY_LENGTH}
        )
    if params.get("sort", "relevance") not in SORTS:
        raise BadRequest(_("Unknown sort: %(sort)s.") % {"sort": params["sort"]})
    for facet in FACETS:
        values = params.getlist(facet)
        if len(values) > MAX_VALUES_PER_FACET or not all(
            FACET_VALUE.match(v) for v in values
        ):
            raise BadRequest(_("Malformed values of %(facet)s.") % {"facet": facet})
    asked = replace(parse_search_params(params), page=1, **changes)
    query = known_filters(asked)
    missing = [
        f"{facet}={value}"
        for facet, values in asked.filters.items()
        for value in values
        if value not in query.filters.get(facet, ())
    ]
    if missing:
        raise BadRequest(
            _("No such facet value: %(values)s.") % {"values": ", ".join(missing)}
        )
    return query


def search(query: SearchQuery) -> SearchResults:
    """One page of results from the finder (the search page's engine)."""
    return get_engine().searcher.search(query)


def all_hits(query: SearchQuery, limit: int) -> Iterator[SearchResults]:
    """The finder's pages of a query, in its order, until `limit` hits were given.

    The first page is asked for at once (so that a caller learns of a refusal
    before it starts an answer); the others as the caller reads on.
    """
    first = search(replace(query, page=1))
    yield first
    given = len(first.hits)
    page = 1
    while given < min(first.total, limit):
        page += 1
        results = search(replace(query, page=page))
        if not results.hits:
            return
        yield results
        given += len(results.hits)


def bounded(hits: list[Hit], given: int, limit: int) -> list[Hit]:
    """Those of `hits` that fit under `limit`, `given` being already out."""
    return hits[: max(limit - given, 0)]


def answers_search_errors(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """An engine outage is a 503 (try again later), a query it refuses a 400."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except EngineUnavailable as error:
            return HttpResponse(
                str(error), status=503, content_type="text/plain; charset=utf-8"
            )
        except SearchError as error:
            raise BadRequest(str(error)) from error

    return wrapper
