"""The editorial team's view of the digests: periods, deliveries, previews, re-sends.

Addresses are personal data: only the RTES editorial team and superusers get
these pages; territory editors get a 403 and no menu item.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import DigestDelivery, Subscriber, Subscription
from .planning import parse_period, period_of
from .preview import preview_digest
from .sending import requeue_failed
from .tasks import send_digest_batches

Status = DigestDelivery.Status
PER_PAGE = 50


def may_see_digests(user) -> bool:
    # The editorial group holds the permission (rtes_site.bootstrap grants it).
    return user.is_active and user.has_perm("digests.view_digestdelivery")


def period_from(value: str) -> dt.date:
    try:
        return parse_period(value[:10])
    except ValueError as error:
        raise Http404 from error


class EditorialOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_see_digests(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def status_counts():
    return {
        name: Count("pk", filter=Q(status__in=statuses))
        for name, statuses in {
            "total": list(Status.values),
            "sent": [Status.SENT],
            "empty": [Status.EMPTY],
            "waiting": [Status.PENDING, Status.SENDING],
            "failed": [Status.FAILED],
        }.items()
    }


class OverviewView(EditorialOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "digests/admin/overview.html"
    page_title = gettext_lazy("Weekly digests")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        periods = (
            DigestDelivery.objects.values("period")
            .annotate(**status_counts())
            .order_by("-period")[:26]
        )
        kinds = dict(
            Subscription.objects.filter(subscriber__confirmed_at__isnull=False)
            .values_list("kind")
            .annotate(Count("pk"))
        )
        context.update(
            periods=periods,
            current_period=period_of(),
            confirmed=Subscriber.objects.filter(confirmed_at__isnull=False).count(),
            unconfirmed=Subscriber.objects.filter(confirmed_at__isnull=True).count(),
            kinds=[
                (label, kinds.get(value, 0))
                for value, label in Subscription.Kind.choices
            ],
        )
        return context


class PeriodView(EditorialOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "digests/admin/period.html"
    header_icon = "mail"

    def get_page_title(self):
        return _("Digests of %(date)s") % {"date": self.period.isoformat()}

    def dispatch(self, request, *args, period: str = "", **kwargs):
        self.period = period_from(period)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deliveries = DigestDelivery.objects.filter(period=self.period)
        status = self.request.GET.get("status", "")
        shown = (
            deliveries.filter(status=status) if status in Status.values else deliveries
        )
        paginator = Paginator(
            shown.select_related("subscriber").order_by("status", "pk"), PER_PAGE
        )
        context.update(
            period=self.period,
            counts=deliveries.aggregate(**status_counts()),
            status=status if status in Status.values else "",
            statuses=Status.choices,
            page_obj=paginator.get_page(self.request.GET.get("page", "1")[:12]),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Re-send every failed digest of the period."""
        count = requeue_failed(DigestDelivery.objects.filter(period=self.period))
        queue_sending(request, count)
        return redirect("digests_admin_period", period=self.period.isoformat())


def queue_sending(request, count: int) -> None:
    if not count:
        messages.info(request, _("No failed digest to send again."))
        return
    try:
        transaction.on_commit(send_digest_batches.delay)
    except Exception:  # noqa: BLE001 - broker down: beat's sender will catch up
        messages.warning(
            request,
            _("The task queue is unreachable: the digests will go out later."),
        )
        return
    messages.success(
        request, _("%(count)s digests queued for sending.") % {"count": count}
    )


class ResendView(EditorialOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        delivery = get_object_or_404(DigestDelivery, pk=pk)
        count = requeue_failed(DigestDelivery.objects.filter(pk=pk))
        queue_sending(request, count)
        return redirect("digests_admin_period", period=delivery.period.isoformat())


class SubscriberView(EditorialOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "digests/admin/subscriber.html"
    page_title = gettext_lazy("Subscriber")
    header_icon = "user"

    def get_context_data(self, pk: int, **kwargs):
        context = super().get_context_data(**kwargs)
        subscriber = get_object_or_404(Subscriber, pk=pk)
        period = self.request.GET.get("period", "")
        period = period_from(period) if period else period_of()
        context.update(
            subscriber=subscriber,
            subscriptions=subscriber.subscriptions.select_related(
                "theme", "lever", "territory"
            ).order_by("kind", "pk"),
            deliveries=subscriber.deliveries.order_by("-period")[:52],
            period=period,
            preview=preview_digest(subscriber, period),
        )
        return context


class PreviewHtmlView(EditorialOnlyMixin, View):
    """The HTML part alone, shown in a sandboxed frame of the subscriber page."""

    def get(self, request, pk: int, period: str):
        subscriber = get_object_or_404(Subscriber, pk=pk)
        preview = preview_digest(subscriber, period_from(period))
        html = preview.content.html if preview.content else ""
        response = HttpResponse(html)
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'"
        )
        return response
