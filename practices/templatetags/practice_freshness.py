"""Whether a practice asks to be checked again (see practices.freshness)."""

from django import template

from practices import freshness
from practices.models import PracticePage

register = template.Library()


@register.filter
def stale(page) -> bool:
    """A stale practice (other pages never are); reads no row."""
    return isinstance(page, PracticePage) and freshness.is_stale(page)


@register.filter
def outdated(page) -> bool:
    """A practice unchecked for three years; reads no row."""
    return isinstance(page, PracticePage) and freshness.is_outdated(page)


@register.filter
def checked_on(page):
    """The day a practice was last published or confirmed still current."""
    return freshness.checked_on(page) if isinstance(page, PracticePage) else None
