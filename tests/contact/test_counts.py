"""The editorial team sees how many messages each practice's contact received,
this month and in all, and never what they say or who wrote them. Territory
editors see no count (counts are the editorial team's only)."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from rtes_site.bootstrap import EDITORIAL_GROUP_NAME
from rtes_site.contact_counts import month_start
from rtes_site.models import ContactMessage

from tests.factories import TerritoryFactory, UserFactory, member_page
from tests.factories import practice as make_practice

from .conftest import CONTACT_EMAIL

pytestmark = pytest.mark.django_db

URL = "/admin/messages-contacts/"
SECRETS = ("Sujet confidentiel", "Corps confidentiel", "Sacha", "membre@", "Petit")


@pytest.fixture
def other_territory(home):
    return member_page(TerritoryFactory(name="Gironde", code="33"))


@pytest.fixture
def messages(practice, other_territory, member):
    """Clauses sociales: 2 this month, 1 last month (1 unsent); Gironde: 1."""
    elsewhere = make_practice(
        other_territory, title="Monnaie locale", contact_email=CONTACT_EMAIL
    )
    last_month = month_start() - datetime.timedelta(days=3)
    rows = [
        (practice, None),
        (practice, None),
        (practice, last_month),
        (elsewhere, None),
    ]
    for page, created in rows:
        message = ContactMessage.objects.create(
            sender=member,
            practice=page,
            subject="Sujet confidentiel",
            body="Corps confidentiel",
        )
        if created:
            ContactMessage.objects.filter(pk=message.pk).update(created_at=created)
    ContactMessage.objects.exclude(practice=practice).update(
        sent_at=month_start(), copy_sent_at=month_start()
    )
    ContactMessage.objects.filter(practice=practice).exclude(
        pk=ContactMessage.objects.filter(practice=practice).first().pk
    ).update(sent_at=month_start(), copy_sent_at=month_start())
    return {"practice": practice, "elsewhere": elsewhere}


def rows_of(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        cells = re.findall(r"<td.*?>(.*?)</td>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def export(client) -> str:
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_editorial_team_sees_the_counts(client, reviewer, messages):
    client.force_login(reviewer)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Messages aux contacts" in html
    assert rows_of(html) == [
        ["Clauses sociales", "Val-de-Marne (Département)", "2", "3", "1"],
        ["Monnaie locale", "Gironde (Département)", "1", "1", "0"],
    ]
    assert "3 ce mois-ci, 4 au total" in html


def test_no_content_nor_sender_anywhere(client, reviewer, messages):
    client.force_login(reviewer)
    pages = [
        client.get(URL).content.decode(),
        client.get(URL + "results/").content.decode(),
        export(client),
        client.get("/admin/").content.decode(),
    ]
    for text in pages:
        for secret in SECRETS + (CONTACT_EMAIL,):
            assert secret not in text


def test_the_export_has_the_counts(client, reviewer, messages):
    client.force_login(reviewer)
    rows = list(csv.reader(io.StringIO(export(client))))
    assert rows[0] == [
        "Fiche",
        "Territoire membre",
        "Ce mois-ci",
        "Au total",
        "En attente d’envoi",
    ]
    assert rows[1] == ["Clauses sociales", "Val-de-Marne (Département)", "2", "3", "1"]


def test_filter_by_territory(client, reviewer, messages, other_territory):
    client.force_login(reviewer)
    html = client.get(URL, {"territory": other_territory.territory_id}).content
    assert rows_of(html.decode()) == [
        ["Monnaie locale", "Gironde (Département)", "1", "1", "0"]
    ]
    assert "1 ce mois-ci, 1 au total" in html.decode()


def test_the_report_is_listed_for_the_team(client, reviewer, messages):
    client.force_login(reviewer)
    assert f'"{URL}"' in client.get("/admin/reports/aging-pages/").content.decode()


def test_nothing_to_count_yet(client, reviewer, practice):
    client.force_login(reviewer)
    html = client.get(URL).content.decode()
    assert "Aucun membre n’a encore écrit au contact d’une fiche." in html
    assert "0 ce mois-ci, 0 au total" in html


def test_territory_editors_see_no_count(client, editor, messages):
    client.force_login(editor)
    # Wagtail answers a refused admin page with a redirect to the dashboard.
    for url in (URL, URL + "results/", URL + "?export=csv"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert URL not in client.get("/admin/").content.decode()


def test_members_and_visitors_never_reach_it(client, member, messages):
    assert client.get(URL).status_code == 302  # to the admin's sign-in
    client.force_login(member)
    assert client.get(URL).status_code in (302, 403)
    assert "Val-de-Marne" not in client.get(URL).content.decode()


def test_superusers_see_it(client, messages):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(URL).status_code == 200


def test_the_message_is_in_no_admin_listing(client, messages):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    for url in (
        "/admin/snippets/rtes_site/contactmessage/",
        "/admin/rtes_site/contactmessage/",
    ):
        assert client.get(url).status_code == 404


def test_the_editorial_group_holds_the_permission(home):
    group = Group.objects.get(name=EDITORIAL_GROUP_NAME)
    assert group.permissions.filter(codename="view_contact_counts").exists()
    # Nobody can be given the messages themselves: the model has no other permission.
    from django.contrib.auth.models import Permission

    assert list(
        Permission.objects.filter(
            content_type__app_label="rtes_site", content_type__model="contactmessage"
        ).values_list("codename", flat=True)
    ) == ["view_contact_counts"]
