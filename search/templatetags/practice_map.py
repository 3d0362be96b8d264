"""The practice map of a page's search results.

{% load practice_map %}
{% practice_map latest.results %}        the home page: the whole catalogue
{% practice_map_view results query %}    the search page: a link to the map of
                                         the current search, or the map itself
"""

from django import template
from django.urls import reverse

from .. import maps

register = template.Library()


@register.inclusion_tag("search/includes/map.html", takes_context=True)
def practice_map(context, results, query=None, heading_level=2):
    """The map of `results` at the level the `carte` parameter asks for."""
    return {"map": _drawn(context["request"], results, query), "level": heading_level}


@register.inclusion_tag("search/includes/map_view.html", takes_context=True)
def practice_map_view(context, results, query=None):
    """The search page's map view, shown when the URL names a `carte` level."""
    request = context["request"]
    params = request.GET.copy()
    shown = maps.MAP_PARAM in params
    if shown:
        del params[maps.MAP_PARAM]
    else:
        params[maps.MAP_PARAM] = maps.DEFAULT_VALUE
    params.pop("page", None)
    return {
        "map": _drawn(request, results, query) if shown else None,
        "switch_url": f"{request.path}?{params.urlencode()}"
        + ("" if shown else "#carte"),
        "level": 3,
    }


def _drawn(request, results, query) -> maps.PracticeMap:
    level = maps.map_level(request.GET.get(maps.MAP_PARAM))
    drawn = maps.practice_map(results, query, level, reverse("search"))
    drawn.toggles = maps.level_links(request.GET, request.path, level)
    return drawn
