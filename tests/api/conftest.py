"""Fixtures of the API tests: the public pages' network, with practices in it."""

import datetime
from decimal import Decimal

import pytest

from practices.models import PracticeIndicator, PracticePartner
from tests.factories import practice
from tests.public.conftest import network  # noqa: F401 - the fixture


@pytest.fixture
def subject(network):  # noqa: F811 - the fixture above
    """A published practice with every kind of field filled, contact included."""
    page = practice(
        network.departement_page,
        title="Des clauses sociales dans les marchés",
        summary="Le département insère des clauses d'insertion.",
        themes=[network.procurement, network.iae],
        levers=[network.clause],
        audiences=[network.youth],
        context="<p>Un contexte <b>riche</b>.</p>",
        status="ongoing",
        start_date=datetime.date(2009, 3, 1),
        budget=120_000,
        staff="2 ETP",
        steps=[
            ("step", {"title": "Diagnostic", "period": "2009", "description": "Étude"})
        ],
        description=[("heading", "Le dispositif"), ("paragraph", "<p>Texte.</p>")],
        contact_name="Camille Secret",
        contact_role="Chargée de mission cachée",
        contact_email="camille.secret@example.org",
    )
    PracticePartner.objects.create(page=page, name="Réseau des SIAE", kind="ess")
    PracticeIndicator.objects.create(
        page=page, label="Heures d'insertion", value=Decimal("12000"), unit="h"
    )
    page.partner_territories.add(network.idf)
    page.save()  # a ParentalManyToManyField is written when the page is saved
    return page


def json_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content
    return response.json()
