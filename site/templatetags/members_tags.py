"""``{% may_see_contacts as show_contact %}``: one rule for every contact shown."""

from django import template
from rtes_site.members import may_see_contacts as user_may_see_contacts

register = template.Library()


@register.simple_tag(takes_context=True)
def may_see_contacts(context) -> bool:
    request = context.get("request")
    return user_may_see_contacts(getattr(request, "user", None))
