"""Elasticsearch and the database engine give the same answers on one catalogue:
the same totals, hits and facet counts, for texts mixed with 0-3 selected facets."""

import datetime
import random

import pytest

from search.engines.base import FACETS, SearchQuery
from search.engines.database import DatabaseSearchEngine
from search.indexing import index_practices
from territories.models import Territory
from tests.factories import (
    AudienceFactory,
    LeverFactory,
    ThemeFactory,
    member_page,
    practice,
)

# Words both engines analyse alike; every summary draws a few of them.
VOCABULARY = [
    "insertion",
    "coopérative",
    "économie circulaire",
    "tiers-lieu",
    "achats responsables",
    "alimentation",
    "mobilité",
    "emploi",
]
TEXTS = ["", "", "insertion", "coopérative", "économie circulaire", "emploi mobilité"]


@pytest.fixture
def catalogue(home):
    """36 practices spread over every facet, drawn with a fixed seed."""
    draw = random.Random(20261201)
    regions = [
        Territory.objects.create(kind="region", code=code, name=name)
        for code, name in [
            ("11", "Île-de-France"),
            ("76", "Occitanie"),
            ("53", "Bretagne"),
        ]
    ]
    territories = []
    for n, (kind, extra) in enumerate(
        [
            ("departement", {}),
            ("departement", {}),
            ("epci", {"epci_type": "CA"}),
            ("epci", {"epci_type": "CC"}),
            ("commune", {}),
            ("region", {}),
        ]
    ):
        region = regions[n % 3]
        territory = (
            region
            if kind == "region"
            else Territory.objects.create(
                kind=kind,
                code=f"9{n}{n}",
                name=f"Territoire {n}",
                region=region,
                **extra,
            )
        )
        territories.append(member_page(territory))
    themes = [ThemeFactory() for _ in range(5)]
    levers = [LeverFactory() for _ in range(4)]
    audiences = [AudienceFactory() for _ in range(3)]
    pages = []
    for n in range(36):
        pages.append(
            practice(
                draw.choice(territories),
                title=f"Pratique {n} : {draw.choice(VOCABULARY)}",
                summary=" et ".join(draw.sample(VOCABULARY, 2)) + ".",
                themes=draw.sample(themes, draw.randint(0, 2)),
                levers=draw.sample(levers, draw.randint(0, 2)),
                audiences=draw.sample(audiences, draw.randint(0, 1)),
                status=draw.choice(["planned", "ongoing", "completed"]),
                start_date=datetime.date(draw.randint(2015, 2025), 1, 1),
            )
        )
    return pages


def mixed_queries(engine, count: int) -> list[SearchQuery]:
    """`count` queries: a text (often none) and 0-3 facets with 1-2 values each,
    the values taken from the catalogue's own facet counts."""
    draw = random.Random(7)
    facets = engine.searcher.search(SearchQuery()).facets
    queries = []
    for _ in range(count):
        chosen = draw.sample(
            [name for name in FACETS if facets[name]], draw.randint(0, 3)
        )
        filters = {
            name: tuple(
                value.value
                for value in draw.sample(
                    facets[name], min(len(facets[name]), draw.randint(1, 2))
                )
            )
            for name in chosen
        }
        queries.append(
            SearchQuery(text=draw.choice(TEXTS), filters=filters, per_page=50)
        )
    return queries


def answer(results):
    """What a user sees of a result set, in a comparable form."""
    return {
        "total": results.total,
        "hits": sorted(hit.page_id for hit in results.hits),
        "facets": {
            name: sorted((f.value, f.count, f.selected) for f in counts)
            for name, counts in results.facets.items()
        },
    }


def test_both_engines_give_the_same_totals_hits_and_facet_counts(es_engine, catalogue):
    database = DatabaseSearchEngine()
    ids = [page.pk for page in catalogue]
    index_practices(ids, database)
    index_practices(ids, es_engine)

    queries = mixed_queries(database, 48)
    assert sum(1 for query in queries if query.filters) >= 30

    for query in queries:
        assert answer(es_engine.searcher.search(query)) == answer(
            database.searcher.search(query)
        ), query
