"""The open data API, version 1: read-only JSON with its OpenAPI 3.1 document.

django-ninja rather than Wagtail's API v2: Wagtail 8 depends on ninja already, and
ninja writes the OpenAPI 3.1 document from the same typed schemas that shape the
answers; Wagtail's API v2 (Django REST framework) serves pages only, with no
OpenAPI document, and would leave territories, vocabularies and the faceted
search to be written beside it.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from . import errors, practices, taxonomies, territories

api = NinjaAPI(
    title="RTES – Pratiques des territoires",
    version="1",
    description=(
        "The practices published by the RTES member territories, the reference "
        "territories and the vocabularies they are classified by. Read-only, "
        "licensed under the Licence Ouverte / Etalab 2.0."
    ),
    urls_namespace="opendata",
    openapi_url="/openapi.json",
    # Swagger UI from ninja's own static files (ninja is in INSTALLED_APPS): no
    # CDN; and no validator badge, which Swagger UI fetches from swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    openapi_extra={
        "info": {
            "license": {
                "name": "Licence Ouverte / Etalab 2.0",
                "identifier": "etalab-2.0",
            }
        }
    },
)
errors.install(api)
api.add_router("", practices.router)
api.add_router("", territories.router)
api.add_router("", taxonomies.router)
