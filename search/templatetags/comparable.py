"""Practices of comparable territories, for territory and practice pages.

{% load comparable %}
{% comparable_practices page.territory %}                 in a page's column
{% comparable_practices page.territory container=True %}  full width
"""

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from territories.population import comparable_territories

from ..engines.base import SearchQuery
from ..listing import find
from ..params import query_string

register = template.Library()
LIMIT = 4


@register.inclusion_tag("territories/includes/comparable.html")
def comparable_practices(territory, limit=LIMIT, container=False):
    """The newest practices of territories like this one, with the rule that
    chose them; one query for the territories, one engine call (and the one
    query of the cards), whatever their number."""
    comparison = comparable_territories(territory)
    if comparison is None or not comparison.territory_ids:
        return {"listing": None}
    query = SearchQuery(
        filters={"territory": tuple(str(pk) for pk in comparison.territory_ids)},
        sort="newest",
        per_page=limit,
    )
    listing = find(query)
    values = {
        "kind": territory.kind_label,
        "low": number_format(comparison.low, force_grouping=True),
        "high": number_format(comparison.high, force_grouping=True),
    }
    if territory.population_year:
        values["year"] = territory.population_year
        reason = _(
            "Same kind (%(kind)s), comparable population: %(low)s – %(high)s "
            "inhabitants (population of %(year)s)."
        )
    else:
        reason = _(
            "Same kind (%(kind)s), comparable population: %(low)s – %(high)s "
            "inhabitants."
        )
    return {
        "listing": listing,
        "container": container,
        "reason": reason % values,
        "all_url": f"{reverse('search')}?{query_string(query)}",
    }
