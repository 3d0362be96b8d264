"""Practice lists for the pages of other apps: they all ask the search engine.

{% load practice_lists %}
{% territory_practices page 24 as listing %}   a Listing (cards, total, error)
{% related_practices page as related %}        a list of PracticeCard
{% member_territories page as groups %}        TerritoryGroup, with counts
"""

from django import template

from .. import listing

register = template.Library()

register.simple_tag(listing.territory_practices, name="territory_practices")
register.simple_tag(listing.related_practices, name="related_practices")
register.simple_tag(listing.member_territories, name="member_territories")
