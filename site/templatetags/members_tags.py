"""``{% may_see_contacts as show_contact %}``: one rule for every contact shown;
``{% practice_contact_form page %}``: the form that writes to a practice's contact."""

from django import template
from rtes_site.forms import ContactMessageForm
from rtes_site.members import may_see_contacts as user_may_see_contacts

register = template.Library()


@register.simple_tag(takes_context=True)
def may_see_contacts(context) -> bool:
    request = context.get("request")
    return user_may_see_contacts(getattr(request, "user", None))


@register.inclusion_tag(
    "rtes_site/includes/practice_contact_form.html", takes_context=True
)
def practice_contact_form(context, page) -> dict:
    """The form, for the network's people, on a practice with a contact address
    (the address itself is never in the page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not page.contact_email.strip() or not user_may_see_contacts(user):
        return {"practice": None}
    return {
        "practice": page,
        "form": ContactMessageForm(),
        "contact_name": page.contact_name.strip(),
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }
