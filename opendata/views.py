"""The "Données ouvertes" page: what the API offers, its licence, examples."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def open_data_page(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/api/v1/")
    return render(
        request,
        "opendata/open_data_page.html",
        {
            "api_base": base,
            "openapi_url": request.build_absolute_uri(reverse("opendata:openapi-json")),
            "docs_url": reverse("opendata:openapi-view"),
        },
    )
