"""Fixtures for the subscription pages: things to follow, and helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from practices.models import Lever, Theme
from territories.models import Territory, TerritoryPage
from tests.factories import LeverFactory, TerritoryFactory, ThemeFactory, member_page


@dataclass
class Followable:
    insertion: Theme
    circular: Theme
    grant: Lever
    idf: Territory
    bretagne: Territory
    val_de_marne: TerritoryPage


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with empty rate-limit counters (the cache is per process)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def followable(home) -> Followable:
    idf = TerritoryFactory(kind=Territory.Kind.REGION, code="11", name="Île-de-France")
    bretagne = TerritoryFactory(kind=Territory.Kind.REGION, code="53", name="Bretagne")
    val_de_marne = member_page(
        TerritoryFactory(
            kind=Territory.Kind.DEPARTEMENT, code="94", name="Val-de-Marne", region=idf
        )
    )
    return Followable(
        insertion=ThemeFactory(slug="insertion", name="Insertion"),
        circular=ThemeFactory(slug="economie-circulaire", name="Économie circulaire"),
        grant=LeverFactory(slug="subvention", name="Subvention"),
        idf=idf,
        bretagne=bretagne,
        val_de_marne=val_de_marne,
    )


LINK = re.compile(r"https?://[^\s\"<>]+")


def links(message) -> list[str]:
    """The paths of the links in a message's text part."""
    return [urlsplit(url).path for url in LINK.findall(message.body)]


def link(message, prefix: str) -> str:
    """The one path in the message starting with `prefix`."""
    found = {path for path in links(message) if path.startswith(prefix)}
    assert len(found) == 1, (prefix, links(message))
    return found.pop()


def html_part(message) -> str:
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


def without_csrf(html: str) -> str:
    """A page's HTML without its per-response CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
