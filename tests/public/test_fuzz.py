"""Generated input on every public URL, form and token link: never a 500.

Bounded: each test runs a fixed number of examples (no time limit per example,
the suite's duration stays predictable). The last test walks generated
subscriptions, of every kind and with any facet (including `territory_kind`),
through follow, confirm, manage, "my data", unsubscribe and the digest.
"""

from __future__ import annotations

import datetime as dt
import itertools
from urllib.parse import quote, urlencode

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from digests.models import PracticeChange, Subscriber
from digests.planning import period_end, period_of
from digests.preview import preview_digest
from digests.tokens import make_token
from search.engines.base import FACETS
from territories.models import Territory
from tests.factories import (
    AudienceFactory,
    LeverFactory,
    TerritoryFactory,
    ThemeFactory,
    member_page,
    practice,
)

BOUNDED = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
_addresses = itertools.count()

# Text as a visitor or a forger could send it: any Unicode, digits of other
# scripts, huge numbers, markup, separators.
NASTY = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "²",
            "١٢٣",
            "99999999999999999999",
            "-1",
            "0",
            "<script>alert(1)</script>",
            "%00",
            "a" * 300,
            "insertion",
            "11",
            "departement",
            "epci-METRO",
        ]
    ),
)
PARAM_NAMES = st.sampled_from(
    [*FACETS, "q", "page", "sort", "kind", "territory", "email", "themes"]
)
PARAMS = st.lists(st.tuples(PARAM_NAMES, NASTY), max_size=6)


@pytest.fixture
def site(home):
    """A small catalogue: every kind of territory, every taxonomy, news this week."""
    idf = TerritoryFactory(kind="region", code="11", name="Île-de-France")
    val_de_marne = member_page(
        TerritoryFactory(kind="departement", code="94", name="Val-de-Marne", region=idf)
    )
    metropole = member_page(
        TerritoryFactory(
            kind="epci",
            epci_type="METRO",
            code="200054781",
            name="Métropole du Grand Paris",
            region=idf,
        )
    )
    commune = member_page(
        TerritoryFactory(kind="commune", code="94028", name="Créteil", region=idf)
    )
    theme = ThemeFactory(slug="insertion", name="Insertion")
    lever = LeverFactory(slug="subvention", name="Subvention")
    audience = AudienceFactory(slug="jeunes", name="Jeunes")
    pages = [
        practice(
            parent,
            title=f"Pratique {n}",
            themes=[theme],
            levers=[lever],
            audiences=[audience],
            start_date=dt.date(2020, 1, 1),
        )
        for n, parent in enumerate((val_de_marne, metropole, commune))
    ]
    # Their news falls in this week's digest.
    PracticeChange.objects.filter(page__in=pages).update(
        happened_at=period_end(period_of()) - dt.timedelta(hours=1)
    )
    return {"pages": pages, "territories": [val_de_marne, metropole, commune]}


def public_paths(site) -> list[str]:
    page = site["pages"][0]
    token = "eyJmYWtlIjoxfQ:1abc:bad"
    return [
        "/",
        "/recherche/",
        "/recherche/suggestions/",
        "/pratiques/",
        "/territoires/",
        page.url,
        site["territories"][0].url,
        "/en/recherche/",
        "/abonnements/",
        "/abonnements/recherche/",
        "/abonnements/lien/",
        "/abonnements/envoye/",
        f"/abonnements/confirmer/{token}/",
        f"/abonnements/ajouter/{token}/",
        f"/abonnements/gerer/{token}/",
        f"/abonnements/gerer/{token}/donnees/",
        f"/abonnements/gerer/{token}/supprimer/",
        f"/abonnements/desabonner/{token}/",
        "/documents/1/fichier.pdf",
    ]


def query_string(params) -> str:
    return "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in params)


@BOUNDED
@given(data=st.data(), params=PARAMS)
def test_any_query_string_on_any_public_page(client, site, data, params):
    path = data.draw(st.sampled_from(public_paths(site)))
    response = client.get(f"{path}?{query_string(params)}")
    assert response.status_code < 500, (path, params)


FORMS = [
    "/abonnements/",
    "/abonnements/recherche/",
    "/abonnements/lien/",
    "/abonnements/gerer/{manage}/retirer/",
    "/abonnements/confirmer/{confirm}/",
    "/abonnements/desabonner/{unsubscribe}/",
    "/abonnements/gerer/{manage}/supprimer/",
]
FORM_FIELDS = st.sampled_from(
    ["email", "themes", "levers", "regions", "territories", "subscription", "q"]
    + list(FACETS)
)


@BOUNDED
@given(
    form=st.sampled_from(FORMS),
    fields=st.lists(st.tuples(FORM_FIELDS, NASTY), max_size=8),
)
def test_any_post_on_any_public_form(client, site, form, fields):
    cache.clear()  # the rate limits would answer 429 before the form is read
    subscriber, _ = Subscriber.objects.get_or_create(email="fuzz@example.org")
    path = form.format(
        **{
            purpose: make_token(subscriber, purpose)
            for purpose in ("manage", "confirm", "unsubscribe")
        }
    )
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    response = client.post(path, data)
    assert response.status_code < 500, (path, fields)


def facet_values() -> dict[str, list[str]]:
    """Valid values for every facet, plus one unknown each."""
    kinds = [value for value, _label in Territory.facet_kind_choices()]
    members = [str(pk) for pk in Territory.objects.values_list("pk", flat=True)]
    return {
        "theme": ["insertion", "inconnu"],
        "lever": ["subvention", "inconnu"],
        "audience": ["jeunes", "inconnu"],
        "territory_kind": [*kinds, "inconnu"],
        "region": ["11", "99"],
        "departement": ["94", "2A", "00"],
        "territory": [*members, "99999999999999999999"],
        "status": ["ongoing", "planned", "completed", "inconnu"],
        "start_year": ["2020", "1900", "abcd"],
        "document_type": ["deliberation", "guide", "inconnu"],
        "adapted": ["yes", "inconnu"],
    }


@st.composite
def followed(draw, values, required: str):
    """The subscribe form's fields, or a search page's parameters with `required`."""
    if required == SUBSCRIBE_FORM:  # valid choices: bad ones are fuzzed above
        members = [
            str(pk)
            for pk in Territory.objects.filter(member_page__isnull=False).values_list(
                "pk", flat=True
            )
        ]
        choices = {
            "themes": ["insertion"],
            "levers": ["subvention"],
            "regions": ["11"],
            "territories": members,
        }
        names = draw(st.sets(st.sampled_from(sorted(choices)), min_size=1))
        return "/abonnements/", {
            name: draw(st.sets(st.sampled_from(choices[name]), min_size=1))
            for name in names
        }
    chosen = {required} | draw(st.sets(st.sampled_from(sorted(values)), max_size=3))
    params = [("q", draw(st.sampled_from(["", "insertion", "pratique", "le la"])))]
    for facet in sorted(chosen):
        for value in draw(st.sets(st.sampled_from(values[facet]), min_size=1)):
            params.append((facet, value))
    return "/abonnements/recherche/", params


SUBSCRIBE_FORM = "subscribe form"  # themes, levers, régions, member territories


@pytest.mark.parametrize("required", [SUBSCRIBE_FORM, *FACETS])
@settings(BOUNDED, max_examples=8)
@given(data=st.data())
def test_every_kind_of_subscription_through_every_page_and_the_digest(
    client, site, required, data
):
    cache.clear()
    mail.outbox.clear()
    path, fields = data.draw(followed(facet_values(), required))
    email = f"fuzz{next(_addresses)}@example.org"
    if path == "/abonnements/recherche/":
        follow = client.get(f"{path}?{urlencode(fields)}")
        assert follow.status_code == 200
        posted: dict[str, list[str]] = {"email": [email]}
        for name, value in fields:
            posted.setdefault(name, []).append(value)
    else:
        posted = {**fields, "email": email}
    response = client.post(path, posted)
    if response.status_code == 400:  # nothing valid to follow: a form error
        assert not Subscriber.objects.filter(email=email).exists()
        return
    assert response.status_code == 302, fields

    subscriber = Subscriber.objects.get(email=email)
    assert len(mail.outbox) == 1  # the confirmation, its subscriptions in words
    confirm = f"/abonnements/confirmer/{make_token(subscriber, 'confirm')}/"
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 200
    manage = make_token(subscriber, "manage")
    for page in (
        f"/abonnements/gerer/{manage}/",
        f"/abonnements/gerer/{manage}/donnees/",
    ):
        assert client.get(page).status_code == 200
    unsubscribe = f"/abonnements/desabonner/{make_token(subscriber, 'unsubscribe')}/"
    assert client.get(unsubscribe).status_code == 200

    # The digest of this week, as if confirmed a month ago.
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmed_at=timezone.now() - dt.timedelta(days=30)
    )
    subscriber.refresh_from_db()
    preview = preview_digest(subscriber, period_of())
    for name in (
        {name for name, _value in fields} if path.endswith("recherche/") else fields
    ):
        event(f"follows {name}")
    event("digest composed" if preview.content else "no news for it")
    if preview.content is not None:
        assert preview.content.text
        assert "Pratique" in preview.content.html
