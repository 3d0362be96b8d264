"""Refused requests answer JSON (`schemas.Error`), never an HTML page, never a 500."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from search.engines.base import EngineUnavailable, SearchError


class ApiError(Exception):
    """A request the API refuses, with its status and error code."""

    def __init__(self, status: int, code: str, message: str, detail=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.detail = detail or []


def answer(api: NinjaAPI, request: HttpRequest, error: ApiError):
    return api.create_response(
        request,
        {"error": error.code, "message": error.message, "detail": error.detail},
        status=error.status,
    )


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every refusal into a JSON error body."""

    @api.exception_handler(ApiError)
    def refused(request, error: ApiError):
        return answer(api, request, error)

    @api.exception_handler(ValidationError)
    def invalid(request, error: ValidationError):
        detail = [
            {
                "parameter": ".".join(str(p) for p in e.get("loc", ())[1:]),
                "message": e.get("msg", ""),
            }
            for e in error.errors
        ]
        return answer(
            api,
            request,
            ApiError(400, "invalid_parameter", _("Invalid parameters."), detail),
        )

    @api.exception_handler(Http404)
    def not_found(request, error):
        return answer(api, request, ApiError(404, "not_found", _("Not found.")))

    @api.exception_handler(HttpError)
    def http_error(request, error: HttpError):
        return answer(
            api, request, ApiError(error.status_code, "http_error", str(error))
        )

    @api.exception_handler(SearchError)
    def search_error(request, error: SearchError):
        # An engine outage is ours (503, try again); a query refused is the caller's.
        if isinstance(error, EngineUnavailable):
            return answer(api, request, ApiError(503, "unavailable", str(error)))
        return answer(api, request, ApiError(400, "refused", str(error)))
