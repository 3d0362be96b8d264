"""The practices of the API: the search (the site's finder) and each practice whole."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Annotated

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field, StringConstraints
from wagtail.images.models import SourceImageIOError
from wagtail.rich_text import RichText, expand_db_html

from practices.lineage import lineage_prefetches
from practices.models import PracticeDocument, PracticePage, Theme
from search.engines import get_engine
from search.engines.base import MAX_RESULT_WINDOW, SearchResults, Sort
from search.facets import known_filters, labelled_facets
from search.params import (
    FACET_VALUE,
    MAX_QUERY_LENGTH,
    MAX_VALUES_PER_FACET,
    PER_PAGE,
    parse_search_params,
)

from . import schemas
from .errors import ApiError
from .http import cacheable, set_last_modified
from .territories import MAX_ID, territory_ref

router = Router(tags=["practices"])

MAX_PER_PAGE = 100
IMAGE_SPEC = "width-800"

FacetValues = list[Annotated[str, StringConstraints(pattern=FACET_VALUE.pattern)]]


def facet_field(description: str):
    return Field(
        default_factory=list, max_length=MAX_VALUES_PER_FACET, description=description
    )


class SearchParams(Schema):
    """The search page's parameters (same names, same values), plus `per_page`."""

    q: str = Field("", max_length=MAX_QUERY_LENGTH, description="Words to look for.")
    theme: FacetValues = facet_field("Theme slugs (any of them).")
    lever: FacetValues = facet_field("Lever slugs (any of them).")
    audience: FacetValues = facet_field("Audience slugs (any of them).")
    territory_kind: FacetValues = facet_field(
        "Kinds of territory: region, departement, epci-CA, epci-CC…, commune."
    )
    region: FacetValues = facet_field("INSEE codes of régions.")
    departement: FacetValues = facet_field("INSEE codes of départements.")
    territory: FacetValues = facet_field("Member territories, by territory id.")
    status: FacetValues = facet_field("planned, ongoing or completed.")
    start_year: FacetValues = facet_field("Years the practices started.")
    document_type: FacetValues = facet_field(
        "Kinds of attached documents: deliberation, tender (specifications, CCTP), "
        "agreement, report, guide, other."
    )
    adapted: FacetValues = facet_field(
        "yes: practices another published practice says it was inspired by."
    )
    sort: Sort | None = Field(
        None,
        description=(
            "relevance (with words; the default), newest (first published), "
            "updated (most recently published or substantially revised), oldest."
        ),
    )
    page: int = Field(1, ge=1, le=MAX_RESULT_WINDOW)
    per_page: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE)


@router.get(
    "/practices",
    response={200: schemas.SearchResults, 400: schemas.Error, 404: schemas.Error},
    summary="Search the practices",
    operation_id="search_practices",
)
@decorate_view(cacheable)
def search_practices(request: HttpRequest, params: Query[SearchParams]):
    """Text, the facets of the site's search page, sort and page; with the facet
    counts. Without `q`, every published practice, newest first."""
    asked = replace(parse_search_params(request.GET), per_page=params.per_page)
    query = known_filters(asked)
    unknown = {
        facet: [v for v in values if v not in query.filters.get(facet, ())]
        for facet, values in asked.filters.items()
    }
    unknown = {facet: values for facet, values in unknown.items() if values}
    if unknown:
        raise ApiError(
            400,
            "unknown_value",
            _("No such facet value: %(values)s.")
            % {
                "values": ", ".join(f"{k}={v}" for k, vs in unknown.items() for v in vs)
            },
            [{"facet": facet, "values": values} for facet, values in unknown.items()],
        )
    results = get_engine().searcher.search(query)  # SearchError: see errors.py
    pages = math.ceil(min(results.total, MAX_RESULT_WINDOW) / query.per_page)
    if query.page > max(pages, 1):
        raise ApiError(
            404,
            "page_out_of_range",
            _("There are only %(pages)s pages of results.") % {"pages": pages},
        )
    # The answer is built from typed values and its shape is held to the
    # document by the schemathesis test: re-validating it with pydantic on every
    # search would cost more than the rest of the API's work.
    return JsonResponse(search_answer(request, results, pages))


def search_answer(request: HttpRequest, results: SearchResults, pages: int) -> dict:
    """The JSON of a results page: hits, facets (their labels name the hits'
    themes; a query only for themes the facet left out)."""
    query = results.query
    facets = labelled_facets(results)
    themes = {
        value.value: value.label
        for group in facets
        if group.name == "theme"
        for value in group.values
    }
    missing = {slug for hit in results.hits for slug in hit.themes} - themes.keys()
    if missing:
        themes |= dict(
            Theme.objects.filter(slug__in=missing).values_list("slug", "name")
        )
    # Two URLs per hit: join strings rather than reverse and resolve each one.
    origin = request.build_absolute_uri("/").removesuffix("/")
    api_path = reverse("opendata:practice", args=[0]).removesuffix("0")
    return {
        "count": results.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": pages,
        "sort": query.sort,
        "correction": results.correction if results.correction != query.text else "",
        "results": [
            {
                "id": hit.page_id,
                "title": hit.title,
                "url": origin + hit.url,
                "api_url": f"{origin}{api_path}{hit.page_id}",
                "summary": hit.summary,
                "territory_name": hit.territory_name,
                "territory_kind": hit.territory_kind,
                "themes": [
                    {"slug": slug, "name": themes[slug]}
                    for slug in hit.themes
                    if slug in themes
                ],
                "published_at": hit.published_at,
                "updated_at": hit.updated_at,
                "excerpts": hit.highlights,
            }
            for hit in results.hits
        ],
        "facets": [
            {
                "name": group.name,
                "title": group.title,
                "values": [
                    {
                        "value": value.value,
                        "label": value.label,
                        "count": value.count,
                        "selected": value.selected,
                    }
                    for value in group.values
                ],
            }
            for group in facets
        ],
    }


@router.get(
    "/practices/{practice_id}",
    response={200: schemas.Practice, 400: schemas.Error, 404: schemas.Error},
    summary="A practice, whole",
    operation_id="get_practice",
    url_name="practice",
)
@decorate_view(cacheable)
def get_practice(
    request: HttpRequest,
    practice_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    response: HttpResponse,
):
    """Every public field of a published practice (never its contact)."""
    page = get_object_or_404(published_practices(), pk=practice_id)
    set_last_modified(response, page.last_published_at)
    return practice_answer(request, page)


def published_practices():
    """Live, public practices, with what their answer needs in a constant number
    of queries."""
    return (
        PracticePage.objects.live()
        .public()
        .select_related("territory", "image")
        .prefetch_related(
            "themes",
            "levers",
            "audiences",
            "partner_territories",
            "partners",
            "indicators",
            Prefetch(
                "documents",
                queryset=PracticeDocument.objects.select_related("document").order_by(
                    "sort_order", "pk"
                ),
            ),
            *lineage_prefetches(),
        )
    )


def html(value: str | RichText) -> str:
    """Rich text as HTML a reader can use: internal links become URLs."""
    source = value.source if isinstance(value, RichText) else value
    return expand_db_html(source) if source else ""


def image_url(request: HttpRequest, image) -> str | None:
    """The published rendition of an image (original uploads are not public)."""
    if image is None:
        return None
    try:
        return request.build_absolute_uri(image.get_rendition(IMAGE_SPEC).url)
    except (SourceImageIOError, OSError):
        return None  # a file missing from the storage: the rest still answers


def description_blocks(request: HttpRequest, page: PracticePage) -> list[dict]:
    blocks = []
    for block in page.description:
        kind, value = block.block_type, block.value
        if kind == "heading":
            blocks.append({"type": kind, "text": value})
        elif kind == "paragraph":
            blocks.append({"type": kind, "text": html(value)})
        elif kind == "quote":
            blocks.append(
                {"type": kind, "text": value["quote"], "author": value["author"]}
            )
        elif kind == "image" and value is not None:
            blocks.append(
                {
                    "type": kind,
                    "text": "",
                    "image_url": image_url(request, value),
                    "alt": "" if value.decorative else value.contextual_alt_text or "",
                }
            )
    return blocks


def terms(items) -> list[dict]:
    return sorted(
        ({"slug": t.slug, "name": t.name, "description": t.description} for t in items),
        key=lambda term: term["name"],
    )


def practice_answer(request: HttpRequest, page: PracticePage) -> dict:
    """A practice as the API gives it: everything the page shows the public."""
    absolute = request.build_absolute_uri
    return {
        "id": page.pk,
        "title": page.title,
        "url": absolute(page.url or ""),
        "summary": page.summary,
        "image_url": image_url(request, page.image),
        "image_alt": page.image.default_alt_text or "" if page.image else "",
        "territory": territory_ref(page.territory),
        "partner_territories": [
            territory_ref(t)
            for t in sorted(page.partner_territories.all(), key=lambda t: t.name)
        ],
        "themes": terms(page.themes.all()),
        "levers": terms(page.levers.all()),
        "audiences": terms(page.audiences.all()),
        "context": html(page.context),
        "objectives": html(page.objectives),
        "description": description_blocks(request, page),
        "steps": [
            {
                "title": step.value["title"],
                "period": step.value["period"],
                "description": step.value["description"],
            }
            for step in page.steps
            if step.block_type == "step"
        ],
        "status": page.status,
        "status_label": page.get_status_display(),
        "start_date": page.start_date,
        "end_date": page.end_date,
        "budget": page.budget,
        "staff": page.staff,
        "funding_sources": page.funding_sources,
        "partners": [
            {
                "name": partner.name,
                "kind": partner.kind,
                "kind_label": partner.get_kind_display(),
                "website": partner.website,
            }
            for partner in page.partners.all()
        ],
        "results": html(page.results),
        "indicators": [
            {
                "label": indicator.label,
                "value": indicator.value,
                "unit": indicator.unit,
                "year": indicator.year,
            }
            for indicator in page.indicators.all()
        ],
        "lessons": html(page.lessons),
        "transferability": html(page.transferability),
        "documents": [
            {
                "title": item.document.title,
                "kind": item.kind,
                "kind_label": item.get_kind_display(),
                "date": item.date,
                "licence": item.licence,
                "licence_label": item.get_licence_display(),
                "licence_url": item.licence_url,
                "url": absolute(item.document.url),
            }
            for item in page.documents.all()
        ],
        "last_reviewed": page.last_reviewed,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "inspired_by": [
            lineage_link(request, link.source, link.note)
            for link in page.public_sources
        ],
        "adapted_by": [
            lineage_link(request, link.page, link.note)
            for link in page.public_adaptations
        ],
    }


def lineage_link(request: HttpRequest, practice: PracticePage, note: str) -> dict:
    """A practice at the other end of a lineage link."""
    return {
        "id": practice.pk,
        "title": practice.title,
        "url": request.build_absolute_uri(practice.url or ""),
        "territory": territory_ref(practice.territory) if practice.territory else None,
        "note": note,
    }
