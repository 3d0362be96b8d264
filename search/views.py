"""The public search page and its suggestions endpoint."""

from __future__ import annotations

import math
from dataclasses import replace

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .analysis import fold
from .engines import get_engine
from .engines.base import (
    MAX_RESULT_WINDOW,
    EngineUnavailable,
    SearchError,
    SearchQuery,
)
from .facets import facet_labels, known_filters, labelled_facets
from .listing import cards, latest_practices
from .maps import kept_view
from .params import clean_text, parse_search_params, query_string

TEMPLATE = "search/search_page.html"


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Full-text search with facets; every state is a shareable GET URL."""
    query = known_filters(parse_search_params(request.GET))
    try:
        results = get_engine().searcher.search(query)
    except SearchError as error:
        # An engine outage is ours (503, try again); a query refused is the user's.
        unavailable = isinstance(error, EngineUnavailable)
        return render(
            request,
            TEMPLATE,
            {"query": query, "error": str(error)},
            status=503 if unavailable else 400,
        )

    groups = labelled_facets(results)
    # The map view stays open while the search is refined: filters, sort, pages.
    view = kept_view(request.GET)
    last_page = max(
        1, math.ceil(min(results.total, MAX_RESULT_WINDOW) / query.per_page)
    )
    return render(
        request,
        TEMPLATE,
        {
            "query": query,
            "results": results,
            "cards": cards(results.hits),
            "facet_groups": groups,
            "view": view,
            "active_filters": active_filters(query, groups, view),
            "sorts": sort_links(query, view),
            "pagination": pagination(query, last_page, view),
            "first_page_url": "?" + query_string(query),
            "correction": correction(query, results.correction),
            "clear_filters_url": "?"
            + query_string(query, **dict.fromkeys(query.filters, ""), **view),
            "browse_themes": [] if results.total else browse_themes(),
        },
    )


@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    """Practice titles completing what the user types (for the search box)."""
    prefix = clean_text(request.GET.get("q", ""))
    try:
        return JsonResponse({"suggestions": get_engine().searcher.suggest(prefix)})
    except SearchError:
        # The search box works without suggestions; the page itself says why.
        return JsonResponse({"suggestions": []}, status=503)


def correction(query: SearchQuery, text: str) -> dict | None:
    """The search with its typos corrected, one click away ("Essayez : …")."""
    if not text or text == query.text:
        return None
    return {"text": text, "url": "?" + query_string(query, q=text, page="")}


def browse_themes() -> list[dict]:
    """The themes of the whole catalogue, for a search that found nothing."""
    counts = latest_practices(1).facet("theme")
    labels = facet_labels({"theme": {f.value for f in counts}})["theme"]
    return sorted(
        (
            {
                "label": labels[f.value],
                "count": f.count,
                "url": "?" + query_string(SearchQuery(), theme=f.value),
            }
            for f in counts
            if f.count and f.value in labels
        ),
        key=lambda theme: fold(theme["label"]),
    )


def active_filters(query: SearchQuery, groups, view: dict) -> list[dict]:
    """Each selected value with the URL that removes it (the "chips")."""
    chips = []
    for group in groups:
        for value in group.values:
            if value.selected:
                remaining = [v for v in query.filters[group.name] if v != value.value]
                chips.append(
                    {
                        "content": group.labels_are_content,
                        "facet": group.title,
                        "label": value.label,
                        "url": "?"
                        + query_string(query, **{group.name: remaining}, **view),
                    }
                )
    return chips


def sort_links(query: SearchQuery, view: dict) -> list[dict]:
    """The sorts on offer; relevance only when there are words to rank by."""
    labels = {
        "relevance": _("Relevance"),
        "newest": _("Newest"),
        "updated": _("Recently updated"),
        "oldest": _("Oldest"),
    }
    if not query.text:
        del labels["relevance"]
    return [
        {
            "label": label,
            "selected": value == query.sort,
            "url": "?" + query_string(replace(query, sort=value), **view),
        }
        for value, label in labels.items()
    ]


def pagination(query: SearchQuery, last_page: int, view: dict) -> dict:
    """What includes/pagination.html shows: nearby pages, previous and next."""

    def url(number: int) -> str:
        return "?" + query_string(query, page=number if number > 1 else "", **view)

    return {
        "pages": page_links(query, last_page, url),
        "previous_url": url(query.page - 1) if 1 < query.page <= last_page else "",
        "next_url": url(query.page + 1) if query.page < last_page else "",
    }


def page_links(query: SearchQuery, last_page: int, url) -> list[dict]:
    """Links to the first, last and nearby pages, with gaps marked by None."""
    numbers = sorted(
        {
            1,
            last_page,
            *range(max(1, query.page - 2), min(last_page, query.page + 2) + 1),
        }
    )
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append(None)
        links.append(
            {
                "number": number,
                "url": url(number),
                "current": number == query.page,
            }
        )
        previous = number
    return links
