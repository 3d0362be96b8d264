"""The editorial team sees whether the search index is in line with the database."""

import pytest
from django.contrib.auth.models import Group
from rtes_site.bootstrap import EDITORIAL_GROUP_NAME

from search.engines import get_engine
from search.models import IndexRun
from tests.factories import UserFactory, editor_of, member_page, practice

URL = "/admin/index-recherche/"


@pytest.fixture
def editorial_user(home):
    user = UserFactory(username="relecture")
    user.groups.add(Group.objects.get(name=EDITORIAL_GROUP_NAME))
    return user


def test_editorial_team_sees_counts_and_runs(client, editorial_user):
    territory = member_page()
    practice(territory, indexed=False)  # live, waiting for the index
    client.force_login(editorial_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["engine_name"] == get_engine().name
    assert (response.context["live_count"], response.context["indexed_count"]) == (1, 0)
    assert response.context["waiting_count"] == 1


def test_reconcile_now_runs_a_reconciliation(client, editorial_user):
    territory = member_page()
    practice(territory, indexed=False)
    client.force_login(editorial_user)
    response = client.post(URL)
    assert response.status_code == 302
    run = IndexRun.objects.get()
    assert (run.kind, run.missing) == ("reconcile", 1)
    assert client.get(URL).context["indexed_count"] == 1


def test_territory_editors_cannot_see_it(client, home):
    editor = editor_of(member_page())
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response.url != URL
    assert not IndexRun.objects.exists()
    client.post(URL)
    assert not IndexRun.objects.exists()
