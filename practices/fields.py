"""Form fields and widgets of the practice editor, read the way a French officer
types: dates as "01/09/2026" or "1 septembre 2026", amounts as "120 000 €"."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from territories.text import fold

# Folded month names and the abbreviations people write ("sept.", "févr."),
# French first; English ones too, for the admin's English interface.
MONTHS = {
    **dict.fromkeys(["janvier", "janv", "jan", "january"], 1),
    **dict.fromkeys(["fevrier", "fevr", "fev", "february", "feb"], 2),
    **dict.fromkeys(["mars", "mar", "march"], 3),
    **dict.fromkeys(["avril", "avr", "april", "apr"], 4),
    **dict.fromkeys(["mai", "may"], 5),
    **dict.fromkeys(["juin", "june", "jun"], 6),
    **dict.fromkeys(["juillet", "juil", "july", "jul"], 7),
    **dict.fromkeys(["aout", "august", "aug"], 8),
    **dict.fromkeys(["septembre", "sept", "sep", "september"], 9),
    **dict.fromkeys(["octobre", "oct", "october"], 10),
    **dict.fromkeys(["novembre", "nov", "november"], 11),
    **dict.fromkeys(["decembre", "dec", "december"], 12),
}
WEEKDAYS = (
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    "|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
SEPARATOR = r"(?:\s*[/.-]\s*|\s+)"
NUMERIC_DATE = re.compile(
    rf"(\d{{1,2}}){SEPARATOR}(\d{{1,2}}){SEPARATOR}(\d{{4}}|\d{{2}})"
)
# "1 septembre 2026", "1er sept. 2026", "lundi 1 septembre 2026", "septembre 2026"
WORDED_DATE = re.compile(
    rf"(?:(?:{WEEKDAYS}),?\s+)?(?:(\d{{1,2}})(?:er)?\s+)?([a-z]+)\.?,?\s+(\d{{4}})"
)
# Years a practice's dates may fall in: outside, it is a typo ("01/09/0226").
YEARS = range(1900, 2101)

DATE_FORMAT = "%d/%m/%Y"


def parse_date(text: str) -> datetime.date | None:
    """The date written in `text` (None if blank); ValidationError if unreadable.

    Reads jj/mm/aaaa (also with "." or "-", or a two-digit year), a day, a
    month name and a year ("1er septembre 2026"; a month alone means its first
    day), and ISO 8601 (aaaa-mm-jj).
    """
    typed = " ".join(text.split())
    text = fold(typed)
    if not text:
        return None
    if match := ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := NUMERIC_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    elif (match := WORDED_DATE.fullmatch(text)) and match.group(2) in MONTHS:
        day = int(match.group(1) or 1)
        month = MONTHS[match.group(2)]
        year = int(match.group(3))
    else:
        raise ValidationError(
            _(
                "“%(value)s” is not a date this form can read. Type it as "
                "dd/mm/yyyy (01/09/2026) or in words (1 septembre 2026)."
            ),
            code="invalid",
            params={"value": typed},
        )
    if year not in YEARS:
        raise ValidationError(
            _("The year %(year)s looks mistyped: give a year between 1900 and 2100."),
            code="invalid_year",
            params={"year": year},
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("There is no such date: check the day and the month."),
            code="no_such_date",
        ) from None


class FrenchDateInput(AdminDateInput):
    """Wagtail's date picker showing jj/mm/aaaa, which never rewrites what is typed.

    Out of the box the picker (jQuery datetimepicker) checks the text against
    its format when the field loses focus, and replaces what it cannot read
    with today's date. Here the text stays as typed, and the server reads it
    (`FrenchDateField`) or says why it cannot.
    """

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": _("dd/mm/yyyy"), **(attrs or {})},
            format=DATE_FORMAT,
        )

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False, "mask": False}


class FrenchDateField(forms.DateField):
    """A date typed the French way (see `parse_date`)."""

    widget = FrenchDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_date(str(value))


SPACES = re.compile(r"\s+")  # \s covers the no-break spaces (U+00A0, U+202F)
UNIT_WORDS = re.compile(r"€|\beuros?\b|\beur\b|\betp\b", re.IGNORECASE)


def plain_number(text: str) -> str:
    """`text` without spaces, units or decimal comma: "120 000 €" → "120000"."""
    text = SPACES.sub("", UNIT_WORDS.sub("", text))
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    return text


def spaced_number(value) -> str:
    """A number as French readers write it: "120 000", "1 234,5"."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", "\N{NO-BREAK SPACE}")
    whole, _dot, decimals = f"{number:,f}".rstrip("0").partition(".")
    return whole.replace(",", "\N{NO-BREAK SPACE}") + "," + decimals


class SpacedNumberInput(forms.TextInput):
    """A number field that takes "120 000", "120 000 €" or "1,5", with its unit shown.

    The spaces and the unit are dropped before the number field reads the
    value, so the field's own validation (integer, positive, digits) applies.
    """

    template_name = "practices/admin/widgets/unit_input.html"

    def __init__(self, unit: str = "", attrs=None):
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})
        self.unit = unit

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return plain_number(value) if isinstance(value, str) else value

    def format_value(self, value):
        if value is None or value == "":
            return None
        return spaced_number(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["unit"] = self.unit
        return context


class FilterableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with a filter box and a count of the ticked ones.

    Without JavaScript every checkbox shows in a scrolling box. With it, a
    search box narrows the list as one types (accents and case ignored). With
    `shortlist`, only the ticked options and those whose value is in it show
    until a search is typed: the rest of a long list is found by searching.
    """

    template_name = "practices/admin/widgets/filterable_checkboxes.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.shortlist: set[str] | None = None

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        if self.shortlist is not None and str(value) in self.shortlist:
            option["attrs"]["data-shortlist"] = ""
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["shortlisted"] = self.shortlist is not None
        return context

    class Media:
        # The style sheet is on every admin page (`practices.wagtail_hooks`).
        js = ["js/admin-checkbox-filter.js"]
