"""The form a member writes to a practice's contact with, and its confirmation.

The practice page shows the form (`{% practice_contact_form %}`) and posts it
here; this page shows it again with its errors, or, to a visitor who may not
write, how to become a member.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import contact_messages, tasks
from .forms import ContactMessageForm

# Subject and body, even in escaped UTF-8, are far below this; anything bigger is
# refused unread.
MAX_BODY = 64 * 1024


def _practice(page_id: int):
    practice = contact_messages.contactable_practice(page_id)
    if practice is None:
        raise Http404
    return practice


@require_http_methods(["GET", "POST"])
def contact_practice(request: HttpRequest, page_id: int) -> HttpResponse:
    """Write to the contact of practice `page_id` (members only)."""
    practice = _practice(page_id)
    if not contact_messages.has_contact_address(practice):
        return _problem(
            request,
            practice,
            404,
            _("This practice has no contact"),
            _("No e-mail address was given for this practice's contact."),
        )
    may_write = contact_messages.may_write(request.user)
    context = {"practice": practice, "form": None, "may_write": may_write}
    if not may_write:
        status = 403 if request.method == "POST" else 200
        return render(
            request, "rtes_site/contact_practice.html", context, status=status
        )
    if not request.user.email:
        status = 409 if request.method == "POST" else 200
        return render(
            request, "rtes_site/contact_practice.html", context, status=status
        )

    status = 200
    if request.method == "POST":
        if _too_big(request):
            return _problem(
                request,
                practice,
                413,
                _("This form is too large"),
                _("The message is far longer than the form allows. Nothing was sent."),
            )
        form = ContactMessageForm(request.POST)
        if form.is_valid():
            try:
                message = contact_messages.record_message(
                    sender=request.user,
                    practice=practice,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    language=get_language() or "fr",
                )
            except contact_messages.LimitReached as limit:
                form.add_error(None, str(limit))
                status = 429
            else:
                tasks.send_contact_after_commit(message.pk)
                return redirect("contact_practice_sent", page_id=practice.pk)
        else:
            status = 400
    else:
        form = ContactMessageForm()
    context |= {"form": form, "contact_name": practice.contact_name.strip()}
    return render(request, "rtes_site/contact_practice.html", context, status=status)


@require_GET
def contact_practice_sent(request: HttpRequest, page_id: int) -> HttpResponse:
    """The confirmation after a message was sent (the address is not on it)."""
    practice = _practice(page_id)
    if not contact_messages.may_write(request.user):
        return redirect("contact_practice", page_id=practice.pk)
    context = {"practice": practice, "contact_name": practice.contact_name.strip()}
    return render(request, "rtes_site/contact_practice_sent.html", context)


def _problem(request, practice, status: int, title: str, text: str) -> HttpResponse:
    context = {"practice": practice, "title": title, "text": text}
    return render(request, "rtes_site/contact_problem.html", context, status=status)


def _too_big(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY
    except ValueError:
        return True
