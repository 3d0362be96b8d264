"""Generated parameters and path values on every feed and export: never a 500."""

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from tests.public.test_fuzz import BOUNDED, NASTY, PARAMS, query_string

PATHS = [
    "/flux/recherche/",
    "/en/flux/recherche/",
    "/export/pratiques.csv",
    "/export/pratiques.json",
]
KIND_PATHS = ["theme", "levier", "public", "territoire", "region"]


@BOUNDED
@given(path=st.sampled_from(PATHS), params=PARAMS)
def test_any_query_string_on_feeds_and_exports(client, catalogue, path, params):
    response = client.get(f"{path}?{query_string(params)}")
    assert response.status_code in (200, 400), (path, params, response.status_code)
    if response.status_code == 200 and hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)  # the whole file is written


@BOUNDED
@given(kind=st.sampled_from(KIND_PATHS), value=NASTY)
def test_any_value_in_a_kind_feed_path(client, catalogue, kind, value):
    response = client.get(f"/flux/{kind}/{quote(value, safe='')}/")
    assert response.status_code in (200, 404), (kind, value, response.status_code)
