"""Headless Chromium against a live server, for the browser tests.

The browser is Debian's `chromium` package, driven by Playwright; Playwright's own
browser builds are never downloaded (`playwright install` is never run). Outside CI
the tests skip when either is missing; in CI (CI=true) a missing one is a failure.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rtes_site.bootstrap import setup_site

from search.engines import get_engine
from search.indexing import index_practices
from territories.models import Territory
from tests.conftest import require_service
from tests.factories import ThemeFactory, member_page, practice

CHROMIUM = Path(os.environ.get("RTES_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """The live server speaks plain HTTP, like the test client.

    Session-wide and autouse so that it applies before `live_server` (session
    scope) builds its handler: SecurityMiddleware reads SECURE_SSL_REDIRECT once,
    when it is instantiated, so the per-test `settings` fixture comes too late.
    """
    from django.test import override_settings

    plain = override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    )
    plain.enable()
    yield
    plain.disable()


def _playwright_missing() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the `playwright` Python package is not installed"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return ""


@pytest.fixture(scope="session", autouse=True)
def _chromium_present():
    """Skip (or fail in CI) before any database or server is set up for nothing."""
    missing = _playwright_missing()
    require_service(not missing, f"browser tests need Chromium: {missing}")


@pytest.fixture
def chromium(search_site, monkeypatch):
    """A headless Chromium, started once the test's content is in the database."""
    from playwright.sync_api import sync_playwright

    # While it runs, Playwright's sync API keeps an asyncio loop running in this
    # thread, and Django then refuses ORM calls ("async context"), including the
    # database flush after the test. The test code is plain synchronous code, so
    # lift that guard for the browser's lifetime only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class Tab:
    """A page in a fresh browser context, with what it logged and requested."""

    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def foreign_requests(self) -> list[str]:
        """Requests to any origin other than the live server (data: URLs aside)."""
        own = urlsplit(self.base_url).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(url).netloc != own
        ]


@pytest.fixture
def tab(request, chromium, live_server, search_site):
    """A French-speaking visitor's tab on the live server (content already there).

    JavaScript is on unless the test parametrizes this fixture with False.
    """
    javascript = getattr(request, "param", True)
    context = chromium.new_context(locale="fr-FR", java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    opened = Tab(page=page, base_url=live_server.url)

    def on_console(message) -> None:
        where = message.location.get("url", "")
        # base.html declares no icon, so Chromium's own /favicon.ico probe gets a
        # 404; that is the browser's guess, not a request the page makes.
        if message.type == "error" and not where.endswith("/favicon.ico"):
            opened.console_errors.append(f"{message.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: opened.console_errors.append(str(error)))
    page.on("request", lambda request: opened.requests.append(request.url))
    yield opened
    context.close()


@dataclass
class SearchSite:
    practices: dict
    themes: dict


@pytest.fixture
def search_site(transactional_db, live_server) -> SearchSite:
    """Four live practices in two territories, themed and indexed, plus a draft.

    Every summary mentions "économie solidaire", so one query finds them all and
    the facets then narrow it down.
    """
    setup_site()
    idf = Territory.objects.create(kind="region", code="11", name="Île-de-France")
    val_de_marne = member_page(
        Territory.objects.create(
            kind="departement", code="94", name="Val-de-Marne", region=idf
        )
    )
    rennes = member_page(
        Territory.objects.create(kind="commune", code="35238", name="Rennes")
    )
    themes = {
        "insertion": ThemeFactory(slug="insertion", name="Insertion"),
        "tiers_lieux": ThemeFactory(slug="tiers-lieux", name="Tiers-lieux"),
        "circular": ThemeFactory(
            slug="economie-circulaire", name="Économie circulaire"
        ),
    }
    practices = {
        "achats": practice(
            val_de_marne,
            title="Des achats responsables dans les marchés du département",
            summary="Des clauses d'insertion au service de l'économie solidaire.",
            themes=[themes["insertion"]],
            start_date=datetime.date(2012, 3, 1),
        ),
        "siae": practice(
            val_de_marne,
            title="Soutenir les structures d'insertion par l'activité économique",
            summary="Le département finance l'économie solidaire et l'insertion.",
            themes=[themes["insertion"]],
            start_date=datetime.date(2015, 1, 1),
        ),
        "tiers_lieu": practice(
            rennes,
            title="Un réseau de tiers-lieux ouverts aux habitants",
            summary="Des lieux partagés pour l'économie solidaire du quartier.",
            themes=[themes["tiers_lieux"], themes["circular"]],
            start_date=datetime.date(2021, 9, 1),
        ),
        "ressourcerie": practice(
            rennes,
            title="Une ressourcerie de quartier",
            summary="Le réemploi, pilier de l'économie solidaire et circulaire.",
            themes=[themes["circular"]],
            start_date=datetime.date(2019, 6, 1),
        ),
        "draft": practice(
            rennes,
            live=False,
            title="Un tiers-lieu en brouillon",
            summary="Une économie solidaire jamais publiée.",
            themes=[themes["tiers_lieux"]],
        ),
    }
    report = index_practices([page.pk for page in practices.values()], get_engine())
    assert not report.errors, report.errors
    return SearchSite(practices=practices, themes=themes)
