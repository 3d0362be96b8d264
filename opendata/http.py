"""HTTP caching of the API's answers: validators, conditional GET, shared caches."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.utils.http import http_date

# ETag from the body's hash, then 304 Not Modified when If-None-Match (or
# If-Modified-Since, against a Last-Modified set by the view) says the client
# holds this answer already: Django's middleware, applied to the API's views only.
conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def cacheable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answers any cache may keep for OPENDATA_MAX_AGE seconds, with validators.

    Errors are not kept: a client that fixes its request must not get the old 400.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response["Cache-Control"] = f"public, max-age={settings.OPENDATA_MAX_AGE}"
        else:
            response["Cache-Control"] = "no-cache"
        return response

    return conditional_get(wrapper)


def set_last_modified(response: HttpResponse, moment) -> None:
    """Last-Modified from a datetime, when the view knows one."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
