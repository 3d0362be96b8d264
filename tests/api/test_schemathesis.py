"""Generated requests against the OpenAPI document: no server error, no answer
outside the document (schemathesis, on the WSGI application in this process)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from opendata.api import api
from territories.models import Territory
from tests.factories import TerritoryFactory, ThemeFactory, member_page, practice

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def catalogue(home):
    """Practices to find, so that answers hold hits and facets, not only errors."""
    region = TerritoryFactory(kind=Territory.Kind.REGION, code="53", name="Bretagne")
    member = member_page(region)
    for n in range(3):
        practice(member, title=f"Pratique {n}", themes=[ThemeFactory()])


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, on the test's database connection: as Django's
    test client does, a request must not close it (the test's transaction would
    go with it)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_keeps_to_its_document(case, catalogue, wsgi_app):
    case.call_and_validate(app=wsgi_app, checks=CHECKS)
