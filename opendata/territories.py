"""Reference territories (Etalab's official dataset), with their INSEE/SIREN codes."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field
from wagtail.rich_text import expand_db_html

from territories.models import Territory, TerritoryPage

from . import schemas
from .errors import ApiError
from .http import cacheable

router = Router(tags=["territories"])

MAX_PER_PAGE = 200
# The largest key a database id holds: beyond it, a 400 rather than an overflow.
MAX_ID = 2**63 - 1


class TerritoryParams(Schema):
    kind: Literal["region", "departement", "epci", "commune"] | None = None
    code: str | None = Field(
        None, max_length=9, description="INSEE code (SIREN for an EPCI)."
    )
    siren: str | None = Field(None, max_length=9)
    member: bool | None = Field(None, description="Only (or no) RTES members.")
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE)


def territory_ref(territory: Territory | None) -> dict | None:
    if territory is None:
        return None
    return {
        "id": territory.pk,
        "kind": territory.kind,
        "code": territory.code,
        "name": territory.name,
    }


def member_pages() -> QuerySet[TerritoryPage]:
    """Member pages the public sees (live, without a view restriction)."""
    return TerritoryPage.objects.live().public()


def territory_answers(territories: list[Territory]) -> list[dict]:
    """Territories with their member page, in a constant number of queries."""
    members = {
        page.territory_id: page
        for page in member_pages().filter(territory_id__in=[t.pk for t in territories])
    }
    answers = []
    for territory in territories:
        page = members.get(territory.pk)
        answers.append(
            territory_ref(territory)
            | {
                "kind_label": str(territory.kind_label),
                "siren": territory.siren,
                "population": territory.population,
                "epci_type": territory.epci_type,
                "region": territory_ref(territory.region),
                "departement": territory_ref(territory.departement),
                "epci": territory_ref(territory.epci),
                "member": page
                and {
                    "title": page.title,
                    "url": page.full_url or "",
                    "membership_date": page.membership_date,
                    "website": page.website,
                    "presentation": expand_db_html(page.presentation or ""),
                },
            }
        )
    return answers


def territories_queryset() -> QuerySet[Territory]:
    return Territory.objects.select_related("region", "departement", "epci")


@router.get(
    "/territories",
    response={200: schemas.TerritoryList, 400: schemas.Error, 404: schemas.Error},
    summary="Reference territories",
    operation_id="list_territories",
)
@decorate_view(cacheable)
def list_territories(request: HttpRequest, params: Query[TerritoryParams]):
    """Régions, départements, EPCI and communes, by kind then name."""
    territories = territories_queryset().order_by("kind", "name", "pk")
    if params.kind:
        territories = territories.filter(kind=params.kind)
    if params.code:
        territories = territories.filter(code=params.code)
    if params.siren:
        territories = territories.filter(siren=params.siren)
    if params.member is not None:
        members = member_pages().values("territory_id")
        territories = (
            territories.filter(pk__in=members)
            if params.member
            else territories.exclude(pk__in=members)
        )
    count = territories.count()
    pages = math.ceil(count / params.per_page)
    if params.page > max(pages, 1):
        raise ApiError(
            404,
            "page_out_of_range",
            _("There are only %(pages)s pages of results.") % {"pages": pages},
        )
    start = (params.page - 1) * params.per_page
    return {
        "count": count,
        "page": params.page,
        "per_page": params.per_page,
        "pages": pages,
        "results": territory_answers(
            list(territories[start : start + params.per_page])
        ),
    }


@router.get(
    "/territories/{territory_id}",
    response={200: schemas.Territory, 400: schemas.Error, 404: schemas.Error},
    summary="A reference territory",
    operation_id="get_territory",
    url_name="territory",
)
@decorate_view(cacheable)
def get_territory(
    request: HttpRequest, territory_id: Annotated[int, Path(ge=1, le=MAX_ID)]
):
    territory = get_object_or_404(territories_queryset(), pk=territory_id)
    return territory_answers([territory])[0]
