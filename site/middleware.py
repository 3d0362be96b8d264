"""A 400, not a 500, for a form post whose data a widget cannot read."""

import logging

from django.shortcuts import render

logger = logging.getLogger(__name__)

# What widgets raise on missing or altered fields: `int(data["body-count"])`,
# `json.loads(...)` of Draftail's content state.
UNREADABLE_DATA_ERRORS = (KeyError, ValueError, TypeError, IndexError)


class UnreadableFormDataMiddleware:
    """Answers 400 when reading the posted form data failed.

    The admin's StreamField and rich-text widgets read the fields their own
    JavaScript posts (`<prefix>-count`, `-type`, `-order`, Draftail's JSON) and
    raise when these are missing or altered, which a browser never does but a
    forged or truncated request can. Only exceptions raised inside a widget's
    `value_from_datadict` are answered this way: any other error stays a 500.
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


def _raised_reading_form_data(exception: BaseException) -> bool:
    frame = exception.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_name == "value_from_datadict":
            return True
        frame = frame.tb_next
    return False
