"""Reading the JSON values of a record into clean values, collecting errors."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    DecimalValidator,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from .fileformat import DATE_RE


class RecordInvalid(Exception):
    """A record failed validation or writing; `errors` are (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


class Fields:
    """Reads the values of one JSON object, collecting (field, message) errors."""

    def __init__(self, data: dict, errors: list[tuple[str, str]], prefix: str = ""):
        self.data, self.errors, self.prefix = data, errors, prefix

    def error(self, key: str, message: str) -> None:
        self.errors.append((self.prefix + key, message))

    def nested(self, value: Any, key: str) -> Fields | None:
        """Fields of a nested object, or None (with an error) if it is not one."""
        if not isinstance(value, dict):
            self.error(key, _("must be an object"))
            return None
        return Fields(value, self.errors, f"{self.prefix}{key}.")

    def only(self, allowed: set[str]) -> None:
        for key in sorted(set(self.data) - allowed):
            self.error(key, _("unknown key"))

    def string(self, key: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, _("required"))
            return ""
        if not isinstance(value, str):
            self.error(key, _("must be a string"))
            return ""
        if required and not value.strip():
            self.error(key, _("must not be empty"))
        if max_length and len(value) > max_length:
            self.error(
                key,
                _("at most %(max)d characters (got %(length)d)")
                % {"max": max_length, "length": len(value)},
            )
        return value

    def html(
        self, key: str, features: list[str] | None = None, required: bool = False
    ) -> str:
        value = self.string(key, required=required)
        return clean_html(value, features) if value else ""

    def validated(self, key: str, validator, **kwargs) -> str:
        value = self.string(key, **kwargs)
        if value:
            try:
                validator(value)
            except ValidationError as error:
                self.error(key, " ".join(error.messages))
        return value

    def choice(self, key: str, choices: list[str], default: str) -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if value not in choices:
            self.error(
                key,
                _("must be one of %(choices)s (got %(value)r)")
                % {"choices": ", ".join(choices), "value": value},
            )
            return default
        return value

    def date(self, key: str) -> datetime.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, str) and DATE_RE.match(value):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self.error(
            key, _("not a date in YYYY-MM-DD form: %(value)r") % {"value": value}
        )
        return None

    def datetime(self, key: str) -> datetime.datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            self.error(
                key,
                _("not an ISO 8601 date and time: %(value)r") % {"value": value},
            )
            return None
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def integer(self, key: str, minimum: int, maximum: int) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(key, _("must be a whole number"))
            return None
        if not minimum <= value <= maximum:
            self.error(
                key,
                _("must be between %(min)d and %(max)d")
                % {"min": minimum, "max": maximum},
            )
            return None
        return value

    def decimal(self, key: str, validator: DecimalValidator) -> Decimal | None:
        value = self.data.get(key)
        if value is None:
            self.error(key, _("required"))
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.error(key, _("must be a number"))
            return None
        try:
            number = Decimal(str(value))
            validator(number)
        except (InvalidOperation, ValidationError) as error:
            self.error(key, " ".join(getattr(error, "messages", [str(error)])))
            return None
        return number

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.error(key, _("must be true or false"))
            return default
        return value

    def items(self, key: str) -> list[tuple[str, Any]]:
        """The items of a list as (field name, item); a missing list is empty."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, _("must be a list"))
            return []
        return [(f"{key}[{n}]", item) for n, item in enumerate(value, start=1)]


@cache
def _html_converter(features: tuple[str, ...] | None) -> EditorHTMLConverter:
    return EditorHTMLConverter(features=list(features) if features else None)


def clean_html(html: str, features: list[str] | None = None) -> str:
    """Keep only the elements an editor could have entered (no script, no onclick)."""
    converter = _html_converter(tuple(features) if features else None)
    return converter.to_database_format(html)
