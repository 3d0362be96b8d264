"""Formatting of practice figures: amounts in euros, indicator values."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(value) -> str:
    """``1234567`` → ``1 234 567 €`` (grouped as the active language groups)."""
    if value in (None, ""):
        return ""
    amount = number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    return f"{amount}\u00a0€"


@register.filter
def figure(value) -> str:
    """A decimal without useless zeros, grouped: ``1500.50`` → ``1 500,5``."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
