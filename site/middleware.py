"""Site-wide middleware: the content security policy, unreadable form posts."""

import logging

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.shortcuts import render

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/admin/"
# Wagtail 8's admin runs inline scripts: rendered from Python (the choosers'
# `render_js_init`) and from templates (inline panels, date inputs), and run
# again, for a form added to an inline panel, by copying their attributes, which
# loses a nonce. Its pages also use style attributes, and show the HTML digests
# (inline styles) in a preview. So the admin allows inline scripts and styles,
# still from this site only; public pages do not.
ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's directives under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_DIRECTIVES, **(parts.replace or {})}
            # With a nonce in the header, browsers ignore 'unsafe-inline'.
            parts.nonce = None
        return parts


# What widgets raise on missing or altered fields: `int(data["body-count"])`,
# `json.loads(...)` of Draftail's content state, and reading that state when the
# JSON is not an object (`3`, `[]`: draftjs_exporter calls `.get` on it).
UNREADABLE_DATA_ERRORS = (KeyError, ValueError, TypeError, IndexError, AttributeError)


class UnreadableFormDataMiddleware:
    """Answers 400 when reading the posted form data failed.

    The admin's StreamField and rich-text widgets read the fields their own
    JavaScript posts (`<prefix>-count`, `-type`, `-order`, Draftail's JSON) and
    raise when these are missing or altered, which a browser never does but a
    forged or truncated request can; so do the inline panels' formsets
    (modelcluster reads `<prefix>-<n>-id` for each form the management data
    announces as existing). Only exceptions raised inside a widget's
    `value_from_datadict` or a formset's `_construct_form` are answered this
    way: any other error stays a 500.
    Nothing has been written at that point, as forms are read before saving.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not isinstance(
            exception, UNREADABLE_DATA_ERRORS
        ):
            return None
        if not _raised_reading_form_data(exception):
            return None
        logger.warning("Unreadable form data on %s: %r", request.path, exception)
        return render(request, "400.html", status=400)


READING_FORM_DATA = {"value_from_datadict", "_construct_form"}


def _raised_reading_form_data(exception: BaseException) -> bool:
    frame = exception.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_name in READING_FORM_DATA:
            return True
        frame = frame.tb_next
    return False
