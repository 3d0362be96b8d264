"""Visitors see when a practice was last checked and, past three years, a note."""

import datetime

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from tests.factories import practice

from .conftest import age

pytestmark = pytest.mark.django_db

NOTICE = (
    "Cette fiche n’a pas été vérifiée depuis plus de trois ans : certaines "
    "informations peuvent avoir changé."
)


def page_html(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_last_checked_date_in_french(client, territory_a):
    page = age(practice(territory_a), 600, reviewed_days=40)
    reviewed = timezone.localdate() - datetime.timedelta(days=40)
    html = page_html(client, page)
    assert "<dt>Dernière vérification</dt>" in html
    assert (
        f'<time datetime="{reviewed:%Y-%m-%d}">{date_format(reviewed, "j F Y")}</time>'
        in html
    )
    assert NOTICE not in html


def test_never_reviewed_shows_the_publication_date(client, territory_a):
    page = age(practice(territory_a), 600)
    published = timezone.localdate(page.last_published_at)
    assert f'<time datetime="{published:%Y-%m-%d}">' in page_html(client, page)


def test_past_three_years_a_note_in_words(client, territory_a):
    page = age(practice(territory_a), 1100)
    html = page_html(client, page)
    assert NOTICE in html
    # Its meaning is in the words, not a colour: a labelled note.
    assert '<p class="practice-outdated" role="note"><strong>À noter :</strong>' in html


def test_in_english_too(client, territory_a):
    page = age(practice(territory_a), 1100)
    html = client.get("/en" + page.url).content.decode()
    assert "This practice has not been checked for more than three years" in html
