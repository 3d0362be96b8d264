"""The controlled vocabularies practices are classified by."""

from __future__ import annotations

from operator import itemgetter

from django.http import HttpRequest
from ninja import Router
from ninja.decorators import decorate_view

from practices.models import Audience, Lever, Theme
from territories.text import alphabetical

from . import schemas
from .http import cacheable

router = Router(tags=["vocabularies"])


def vocabulary(model) -> list[dict]:
    """Every term, in French alphabetical order."""
    terms = model.objects.values("slug", "name", "description")
    return alphabetical(terms, itemgetter("name"))


@router.get(
    "/themes", response=list[schemas.Term], summary="ESS themes", operation_id="themes"
)
@decorate_view(cacheable)
def themes(request: HttpRequest):
    """The values of the `theme` facet, with their names."""
    return vocabulary(Theme)


@router.get(
    "/levers",
    response=list[schemas.Term],
    summary="Levers of public action",
    operation_id="levers",
)
@decorate_view(cacheable)
def levers(request: HttpRequest):
    """The values of the `lever` facet, with their names."""
    return vocabulary(Lever)


@router.get(
    "/audiences",
    response=list[schemas.Term],
    summary="Target audiences",
    operation_id="audiences",
)
@decorate_view(cacheable)
def audiences(request: HttpRequest):
    """The values of the `audience` facet, with their names."""
    return vocabulary(Audience)
