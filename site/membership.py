"""The public "become a member" page: how to get an account, and the request form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from digests import ratelimit
from digests.views import too_big, too_many

from . import members, tasks
from .forms import MembershipRequestForm


@require_http_methods(["GET", "POST"])
def membership_request(request: HttpRequest) -> HttpResponse:
    """What a member account gives, who can have one, and the form to ask."""
    if request.method == "POST":
        if response := too_big(request):
            return response
        if not ratelimit.allow_client(request):
            return too_many(request)
        form = MembershipRequestForm(request.POST)
        if form.is_valid():
            if not form.is_spam():
                data = form.cleaned_data
                sent = members.record_request(
                    name=data["name"],
                    email=data["email"],
                    territory=data["territory"],
                    role=data["role"],
                    message=data["message"],
                )
                tasks.send_after_commit(sent.pk)
            # A robot gets the same answer as a person: nothing to learn from it.
            return redirect("membership_request_sent")
    else:
        form = MembershipRequestForm()
    status = 400 if form.errors else 200
    context = {"form": form, "signed_in_member": members.may_see_contacts(request.user)}
    return render(request, "rtes_site/membership_request.html", context, status=status)


@require_GET
def membership_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "rtes_site/membership_request_sent.html")
