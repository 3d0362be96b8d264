"""The public search page: results, facets, chips, paging, and bad input."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.engines import get_engine
from search.indexing import index_practices

from .contract import catalogue  # noqa: F401 - the fixture


@pytest.fixture
def indexed(catalogue):  # noqa: F811
    index_practices([page.pk for page in catalogue.values()], get_engine())
    return catalogue


def test_search_shows_highlighted_hits(client, indexed):
    response = client.get("/recherche/", {"q": "économie circulaire"})
    html = response.content.decode()
    assert response.status_code == 200
    assert indexed["ressourcerie"].title in html
    assert "<mark>" in html
    assert indexed["achats"].title not in html


def test_facets_are_checkboxes_with_counts(client, indexed):
    html = client.get("/recherche/").content.decode()
    assert 'name="theme" value="insertion"' in html
    assert 'Insertion <span class="count">(2' in html


def test_ticking_two_facets_then_removing_one(client, indexed):
    both = client.get("/recherche/", {"theme": ["insertion", "tiers-lieux"]})
    assert both.context["results"].total == 3
    chips = both.context["active_filters"]
    assert [chip["label"] for chip in chips] == ["Insertion", "Tiers-lieux"]
    one = client.get("/recherche/" + chips[1]["url"])
    assert one.context["results"].total == 2
    assert [chip["label"] for chip in one.context["active_filters"]] == ["Insertion"]


def test_empty_result_suggests_removing_filters(client, indexed):
    response = client.get("/recherche/", {"theme": "tiers-lieux", "region": "11"})
    assert response.context["results"].total == 0
    html = response.content.decode()
    assert 'href="?theme=tiers-lieux"' in html  # removes the région
    assert 'href="?region=11"' in html  # removes the theme


def test_unknown_facet_values_are_ignored(client, indexed):
    response = client.get(
        "/recherche/", {"theme": ["nope", "insertion"], "region": "99"}
    )
    assert response.status_code == 200
    assert response.context["query"].filters == {"theme": ("insertion",)}
    assert response.context["results"].total == 2


def test_paging_too_deep_is_refused_with_a_message(client, indexed):
    response = client.get("/recherche/", {"page": str(10**9)})
    assert response.status_code == 400
    assert "10000" in response.content.decode().replace("\u202f", "").replace(" ", "")


def test_page_past_the_results_offers_the_first_page(client, indexed):
    response = client.get("/recherche/", {"page": "7"})
    assert response.status_code == 200
    assert response.context["first_page_url"] == "?"


def test_suggestions(client, indexed):
    response = client.get("/recherche/suggestions/", {"q": "ressour"})
    assert response.json() == {"suggestions": [indexed["ressourcerie"].title]}


def test_english_search_page(client, indexed):
    response = client.get("/en/recherche/", {"q": "insertion"})
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"page": "1e9"},
        {"q": "x" * 10_000},
        {"q": "\x00\x01\u202e\ud800"[:3]},
        {"q": "' OR 1=1 --", "theme": "'; DROP TABLE x; --"},
        {"q": '"unbalanced AND (NEAR'},
        {"q": "*", "sort": "../../etc"},
        {"theme": ["a"] * 500},
        {"start_year": "０１２３"},
        {"q": "😀 économie"},
    ],
)
def test_malformed_parameters_never_crash(client, indexed, params):
    response = client.get("/recherche/", params)
    assert response.status_code in (200, 400)


PARAM_NAMES = st.sampled_from(
    [
        "q",
        "theme",
        "lever",
        "region",
        "departement",
        "territory_kind",
        "status",
        "start_year",
        "sort",
        "page",
        "audience",
        "other",
    ]
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(params=st.lists(st.tuples(PARAM_NAMES, st.text(max_size=300)), max_size=8))
def test_generated_parameters_never_crash(client, indexed, params):
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in params)
    response = client.get(f"/recherche/?{query}")
    assert response.status_code in (200, 400)


def test_a_query_of_common_words_says_so_and_shows_the_newest(client, indexed):
    response = client.get("/recherche/", {"q": "comment les"})
    html = response.content.decode()
    assert "trop courants" in html
    assert response.context["query"].sort == "newest"
    assert response.context["results"].total == 4


def test_an_ordinary_query_has_no_such_notice(client, indexed):
    html = client.get("/recherche/", {"q": "ressourcerie"}).content.decode()
    assert "trop courants" not in html
    assert "Essayez" not in html


def test_a_typo_offers_its_correction_in_one_click(client, indexed):
    response = client.get(
        "/recherche/", {"q": "ressourcrie", "theme": "economie-circulaire"}
    )
    html = response.content.decode()
    # Found already, through the correction; the link searches the word itself.
    assert indexed["ressourcerie"].title in html
    link = response.context["correction"]
    assert "Essayez : " in html
    assert f'<a href="{link["url"]}" lang="fr">ressourcerie</a>' in html.replace(
        "&amp;", "&"
    )
    corrected = client.get("/recherche/" + link["url"])
    assert corrected.context["query"].text == "ressourcerie"
    assert corrected.context["query"].filters == {"theme": ("economie-circulaire",)}
    assert corrected.context["correction"] is None
    assert indexed["ressourcerie"].title in corrected.content.decode()
