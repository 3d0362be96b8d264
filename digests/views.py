"""Public pages of the digests: subscribe, confirm, manage, leave.

Every page that acts on a subscriber takes a signed token (`digests.tokens`);
a malformed, forged, expired or revoked one gives a 400 page and changes nothing.
"""

from __future__ import annotations

import logging
import smtplib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from search.facets import known_filters
from search.params import parse_search_params

from . import ratelimit
from .describe import describe
from .forms import MAX_CHOICES, ChooseTargetsForm, EmailForm, SubscribeForm
from .kinds import BY_FACET, FOLLOWED
from .models import Subscriber, Subscription
from .subscription_emails import send_manage_link
from .subscriptions import (
    Outcome,
    Target,
    add_subscriptions,
    confirm,
    delete_subscriber,
    normalize_email,
    read_add_token,
    remove_subscription,
    subscribe,
    subscriber_for_user,
    unsubscribe_all,
)
from .tokens import MAX_AGE, BadToken, make_token, names_deleted_subscriber, read_token

logger = logging.getLogger(__name__)
# What sending can raise when the mail server is down or refuses.
MAIL_ERRORS = (smtplib.SMTPException, OSError)
# A subscription form is a few hundred bytes; refuse anything far bigger unread.
MAX_BODY = 32 * 1024
GET_POST = require_http_methods(["GET", "POST"])


# --- Helpers ----


def problem(request, status: int, title: str, message: str, **extra) -> HttpResponse:
    context = {"title": title, "message": message, **extra}
    return render(request, "digests/problem.html", context, status=status)


def bad_link(request) -> HttpResponse:
    return problem(
        request,
        400,
        _("This link does not work"),
        _(
            "The link is incomplete, has expired or is no longer valid. "
            "Nothing has been changed."
        ),
        new_link=True,
    )


def too_big(request) -> HttpResponse | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        return problem(
            request,
            413,
            _("This form is too large"),
            _("The form sent is far larger than expected. Nothing has been changed."),
        )
    return None


def too_many(request) -> HttpResponse:
    return problem(
        request,
        429,
        _("Too many requests"),
        _("Too many requests came from your connection. Please try again later."),
    )


def mail_failed(request, error: Exception) -> HttpResponse:
    """The mail server refused or is down: say so, the visitor can try again."""
    # The error's class only: SMTP messages may quote the address.
    logger.warning("Subscription e-mail not sent: %s", type(error).__name__)
    return problem(
        request,
        503,
        _("The e-mail could not be sent"),
        _(
            "Our mail server is not answering at the moment, so no message could "
            "be sent. Please try again in a few minutes."
        ),
    )


def _subscriber(token: str, purpose: str) -> Subscriber | None:
    try:
        return read_token(token, purpose)
    except BadToken:
        return None


def manage_context(subscriber: Subscriber) -> dict:
    """What the manage and data pages show, with fresh signed links."""
    subscriptions = subscriber.subscriptions.select_related(
        "theme", "lever", "territory"
    ).order_by("created_at", "pk")
    return {
        "subscriber": subscriber,
        "subscriptions": [(s, describe(s)) for s in subscriptions],
        "manage_token": make_token(subscriber, "manage"),
        "unsubscribe_token": make_token(subscriber, "unsubscribe"),
    }


# --- Subscribing ----


def _subscribe_and_redirect(request, email: str, targets: list[Target]):
    """Subscribe, then the same page whatever the address's state (never disclosed)."""
    user = request.user
    own = user.is_authenticated and normalize_email(user.email or "") == (
        normalize_email(email)
    )
    allow_mail = own or ratelimit.allow_address(email)
    try:
        outcome = subscribe(email, targets, user=user, allow_mail=allow_mail)
    except MAIL_ERRORS as error:
        return mail_failed(request, error)
    if outcome is Outcome.ADDED:
        messages.success(request, _("Your subscriptions have been updated."))
        return redirect("digests:mine")
    return redirect("digests:sent")


@GET_POST
def subscribe_page(request: HttpRequest) -> HttpResponse:
    """Choose themes, levers, régions and member territories to follow."""
    if request.method == "POST":
        if response := too_big(request):
            return response
        if not ratelimit.allow_client(request):
            return too_many(request)
        form = SubscribeForm(request.POST)
        if form.is_valid():
            return _subscribe_and_redirect(
                request, form.cleaned_data["email"], form.targets()
            )
        status = 400
    else:
        initial = SubscribeForm.initial_from(request.GET)
        if request.user.is_authenticated:
            initial["email"] = request.user.email
        form = SubscribeForm(initial=initial)
        status = 200
    return render(request, "digests/subscribe.html", {"form": form}, status=status)


def search_target(params) -> Target:
    """The saved search a search page's parameters describe.

    A search that is exactly one theme, lever or région follows that theme, lever
    or région, so its digest says so ("Theme: Insertion").
    """
    query = known_filters(parse_search_params(params))
    filters = {facet: list(values) for facet, values in query.filters.items()}
    if not query.text and len(filters) == 1:
        ((facet, values),) = filters.items()
        if len(values) == 1 and facet in BY_FACET:
            obj = BY_FACET[facet].lookup(facet, values[0])
            if obj is not None:
                return Target.of(obj)
    return Target.search(query.text, filters)


@GET_POST
def follow_search(request: HttpRequest) -> HttpResponse:
    """Follow the search of the search page: its text and selected facets."""
    if request.method == "POST":
        if response := too_big(request):
            return response
        if not ratelimit.allow_client(request):
            return too_many(request)
        params = request.POST
        form = EmailForm(request.POST)
    else:
        params = request.GET
        initial = {"email": request.user.email} if request.user.is_authenticated else {}
        form = EmailForm(initial=initial)
    target = search_target(params)
    if request.method == "POST" and form.is_valid():
        return _subscribe_and_redirect(request, form.cleaned_data["email"], [target])
    return render(
        request,
        "digests/follow_search.html",
        {"form": form, "description": describe(target), "hidden": hidden_params(target)}
        | {"search_url": reverse("search") + "?" + urlencode(hidden_params(target))},
        status=400 if request.method == "POST" else 200,
    )


def hidden_params(target: Target) -> list[tuple[str, str]]:
    """The search page parameters that give `target` back."""
    if target.kind == Subscription.Kind.SEARCH:
        params = [("q", target.query)] if target.query else []
        return params + [(k, v) for k, vs in target.filters.items() for v in vs]
    return FOLLOWED[target.kind].search_params(target.obj)


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    """The page after subscribing: the same whatever the address."""
    days = MAX_AGE["confirm"] // 86400
    return render(request, "digests/sent.html", {"days": days})


@GET_POST
def request_link(request: HttpRequest) -> HttpResponse:
    """Ask for a link to the manage page by e-mail (same answer for any address)."""
    if request.method == "POST":
        if response := too_big(request):
            return response
        if not ratelimit.allow_client(request):
            return too_many(request)
        form = EmailForm(request.POST)
        if form.is_valid():
            email = normalize_email(form.cleaned_data["email"])
            subscriber = Subscriber.objects.filter(email=email).first()
            if subscriber is not None and ratelimit.allow_address(email):
                try:
                    send_manage_link(subscriber)
                except MAIL_ERRORS as error:
                    return mail_failed(request, error)
            return redirect("digests:link_sent")
        status = 400
    else:
        form, status = EmailForm(), 200
    return render(request, "digests/request_link.html", {"form": form}, status=status)


@require_GET
def link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "digests/link_sent.html")


# --- Signed links ----


@GET_POST
def confirm_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: link scanners only GET."""
    subscriber = _subscriber(token, "confirm")
    if subscriber is None:
        return bad_link(request)
    if request.method == "POST":
        if response := too_big(request):
            return response
        confirm(subscriber)
    context = manage_context(subscriber) | {"token": token}
    return render(request, "digests/confirm.html", context)


@GET_POST
def add_page(request: HttpRequest, token: str) -> HttpResponse:
    """Add subscriptions asked for a confirmed address, once its owner agrees."""
    try:
        subscriber, targets = read_add_token(token)
    except BadToken:
        return bad_link(request)
    done = False
    if request.method == "POST":
        if response := too_big(request):
            return response
        add_subscriptions(subscriber, targets)
        done = True
    context = manage_context(subscriber) | {
        "token": token,
        "done": done,
        "asked": [describe(t) for t in targets],
    }
    return render(request, "digests/add.html", context)


@require_GET
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The subscriber's subscriptions, each with a remove button; leave; my data."""
    subscriber = _subscriber(token, "manage")
    if subscriber is None:
        return bad_link(request)
    return render(request, "digests/manage.html", manage_context(subscriber))


@require_http_methods(["POST"])
def remove(request: HttpRequest, token: str) -> HttpResponse:
    """Remove one subscription, then back to the manage page."""
    if response := too_big(request):
        return response
    subscriber = _subscriber(token, "manage")
    if subscriber is None:
        return bad_link(request)
    raw = request.POST.get("subscription", "")
    if not (raw.isdigit() and len(raw) < 12) or not remove_subscription(
        subscriber, int(raw)
    ):
        return problem(
            request,
            404,
            _("Subscription not found"),
            _("This subscription does not exist or was already removed."),
            back_url=reverse("digests:manage", args=[token]),
        )
    messages.success(request, _("The subscription has been removed."))
    return redirect("digests:manage", token=token)


@csrf_exempt  # RFC 8058: mail clients POST without a CSRF token or cookies
@GET_POST
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with a button. POST (also one-click): leave everything."""
    if request.method == "POST" and (response := too_big(request)):
        return response
    subscriber = _subscriber(token, "unsubscribe")
    if subscriber is None:
        if request.method == "POST" and names_deleted_subscriber(token, "unsubscribe"):
            # A genuine link whose address was deleted since: nothing to leave.
            return render(request, "digests/unsubscribe.html", {"done": True})
        return bad_link(request)
    done = request.method == "POST"
    if done:
        unsubscribe_all(subscriber)
    context = manage_context(subscriber) | {"done": done, "token": token}
    return render(request, "digests/unsubscribe.html", context)


@require_GET
def my_data(request: HttpRequest, token: str) -> HttpResponse:
    """Everything held about the subscriber: address, subscriptions, deliveries."""
    subscriber = _subscriber(token, "manage")
    if subscriber is None:
        return bad_link(request)
    deliveries = subscriber.deliveries.order_by("-period")
    context = manage_context(subscriber) | {"deliveries": deliveries}
    return render(request, "digests/data.html", context)


@GET_POST
def delete_data(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation; POST deletes the subscriber and everything of it."""
    subscriber = _subscriber(token, "manage")
    if subscriber is None:
        return bad_link(request)
    if request.method == "POST":
        if response := too_big(request):
            return response
        delete_subscriber(subscriber)
        return render(request, "digests/deleted.html")
    return render(request, "digests/delete.html", {"manage_token": token})


# --- Signed-in users ----


@login_required
@GET_POST
def mine(request: HttpRequest) -> HttpResponse:
    """A signed-in user's subscriptions in one place, under their account address."""
    subscriber = subscriber_for_user(request.user)
    if subscriber is None:
        return render(request, "digests/mine.html", {"no_address": True})
    form = ChooseTargetsForm()
    status = 200
    if request.method == "POST":
        if response := too_big(request):
            return response
        if "subscription" in request.POST:
            raw = request.POST["subscription"]
            if raw.isdigit() and len(raw) < 12:
                removed = remove_subscription(subscriber, int(raw))
            else:
                removed = False
            if not removed:
                return problem(
                    request,
                    404,
                    _("Subscription not found"),
                    _("This subscription does not exist or was already removed."),
                    back_url=reverse("digests:mine"),
                )
            messages.success(request, _("The subscription has been removed."))
            return redirect("digests:mine")
        form = ChooseTargetsForm(request.POST)
        if form.is_valid():
            add_subscriptions(subscriber, form.targets())
            messages.success(request, _("Your subscriptions have been updated."))
            return redirect("digests:mine")
        status = 400
    context = manage_context(subscriber) | {"form": form, "max_choices": MAX_CHOICES}
    return render(request, "digests/mine.html", context, status=status)
