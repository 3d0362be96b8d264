"""Editors see "à actualiser" on their stale practices and confirm them with one
click ("Toujours d'actualité"), which records a review date and nothing else."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practices.models import PracticePage
from tests.factories import practice

from .conftest import age

pytestmark = pytest.mark.django_db

BADGE = "à actualiser"
BUTTON = "Toujours d’actualité"


def mark_url(page) -> str:
    return reverse("practices_mark_current", args=[page.pk])


def explore(client, territory) -> str:
    response = client.get(reverse("wagtailadmin_explore", args=[territory.pk]))
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, page) -> str:
    start = html.index(f'id="page_{page.pk}_title"')
    return html[start : html.index("</tr>", start)]


def state(page) -> tuple:
    """What a "still current" must not touch, and what it sets."""
    page = PracticePage.objects.get(pk=page.pk)
    return (
        page.revisions.count(),
        page.latest_revision_id,
        page.last_published_at,
        page.has_unpublished_changes,
        page.last_reviewed,
    )


def test_explorer_shows_to_update_on_stale_practices_only(
    client, editor_a, territory_a, stale_a
):
    fresh = practice(territory_a, title="Fiche récente")
    client.force_login(editor_a)
    html = explore(client, territory_a)
    assert BADGE in row_of(html, stale_a)
    assert BUTTON in row_of(html, stale_a)
    assert BADGE not in row_of(html, fresh)
    assert BUTTON not in row_of(html, fresh)


def test_get_asks_and_changes_nothing(client, editor_a, stale_a):
    client.force_login(editor_a)
    before = state(stale_a)
    response = client.get(mark_url(stale_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="post"' in html and stale_a.title in html
    assert state(stale_a) == before


def test_post_records_today_without_a_revision(client, editor_a, territory_a, stale_a):
    client.force_login(editor_a)
    revisions, latest, published, unpublished, _ = state(stale_a)
    next_url = reverse("wagtailadmin_explore", args=[territory_a.pk])

    response = client.post(mark_url(stale_a), {"next": next_url}, follow=True)

    assert response.redirect_chain == [(next_url, 302)]
    assert state(stale_a) == (
        revisions,
        latest,
        published,
        unpublished,
        timezone.localdate(),
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        f"« {stale_a.title} » est marquée comme toujours d’actualité aujourd’hui."
    ]
    # No longer stale: no badge, nothing on the dashboard.
    assert BADGE not in row_of(explore(client, territory_a), stale_a)


def test_post_redirects_only_to_this_site(client, editor_a, territory_a, stale_a):
    client.force_login(editor_a)
    response = client.post(mark_url(stale_a), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_explore", args=[territory_a.pk]
    )


def test_editorial_team_may_mark_any_territory_practice(
    client, editorial_user, stale_a
):
    client.force_login(editorial_user)
    assert client.post(mark_url(stale_a)).status_code == 302
    assert state(stale_a)[-1] == timezone.localdate()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_territorys_editor_is_refused(client, editor_b, stale_a, method):
    client.force_login(editor_b)
    before = state(stale_a)
    response = getattr(client, method)(mark_url(stale_a))
    assert response.status_code == 403
    assert state(stale_a) == before


def test_another_territorys_editor_sees_no_button(
    client, editor_b, territory_a, stale_a
):
    # Territory A's listing is not theirs to explore; their own shows no A practice.
    client.force_login(editor_b)
    response = client.get(reverse("wagtailadmin_explore", args=[territory_a.pk]))
    assert mark_url(stale_a) not in response.content.decode()


def test_signed_out_visitor_goes_to_the_login_page(client, stale_a):
    before = state(stale_a)
    response = client.post(mark_url(stale_a))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
    assert state(stale_a) == before


def test_not_a_practice_is_404(client, editor_a, territory_a):
    client.force_login(editor_a)
    assert client.post(mark_url(territory_a)).status_code == 404
    url = reverse("practices_mark_current", args=[999999])
    assert client.post(url).status_code == 404


def test_post_without_csrf_token_is_refused(editor_a, stale_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    before = state(stale_a)
    assert client.post(mark_url(stale_a)).status_code == 403
    assert state(stale_a) == before


def test_dashboard_button_posts_with_a_token(editor_a, territory_a, stale_a):
    # Through the dashboard's own form, CSRF checks on: the click works.
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="rtes-editor') :]
    form = panel[panel.index(f'action="{mark_url(stale_a)}"') :]
    form = form[: form.index("</form>")]
    assert BUTTON in form and BADGE in panel
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    next_url = form.split('name="next" value="')[1].split('"')[0]

    response = client.post(
        mark_url(stale_a), {"csrfmiddlewaretoken": token, "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert state(stale_a)[-1] == timezone.localdate()
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="rtes-editor') :]
    assert stale_a.title not in panel[: panel.index("</section>")]


def test_recent_review_date_keeps_the_practice_fresh_for_18_months(
    client, editor_a, territory_a
):
    page = age(practice(territory_a), 700, reviewed_days=500)
    client.force_login(editor_a)
    assert BADGE not in row_of(explore(client, territory_a), page)
    page = age(page, 700, reviewed_days=560)
    assert BADGE in row_of(explore(client, territory_a), page)
