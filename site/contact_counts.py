"""The editorial team's report: how many messages members sent to each practice's
contact, this month and in all. Counts only: no subject, body or sender is ever
shown in the admin (nor is `ContactMessage` registered anywhere else there).

Counts are for the editorial team alone (`rtes_site.view_contact_counts`, which
`bootstrap.editorial_group` grants): territory editors see no report at all.
"""

from __future__ import annotations

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from practices.models import PracticePage
from territories.models import Territory

from .models import ContactMessage

PERMISSION = "rtes_site.view_contact_counts"


def may_see_counts(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


def month_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """Midnight on the first day of the current month, in the site's time zone."""
    today = timezone.localdate(now)
    first = datetime.datetime.combine(today.replace(day=1), datetime.time())
    return timezone.make_aware(first)


def _count(*conditions) -> Coalesce:
    counted = (
        ContactMessage.objects.filter(*conditions, practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def practices_with_counts():
    """Practices that received at least one message, with their counts."""
    return (
        PracticePage.objects.filter(
            pk__in=ContactMessage.objects.values("practice").order_by()
        )
        .select_related("territory")
        .annotate(
            messages_total=_count(),
            messages_this_month=_count(Q(created_at__gte=month_start())),
            messages_waiting=_count(Q(sent_at=None) | Q(copy_sent_at=None)),
        )
        .order_by("-messages_total", "title", "pk")
    )


class ContactCountsFilterSet(WagtailFilterSet):
    territory = django_filters.ModelChoiceFilter(
        label=_("Member territory"),
        empty_label=_("All territories"),
        field_name="territory",
        queryset=lambda request: Territory.objects.filter(
            member_page__isnull=False
        ).order_by("name"),
    )

    class Meta:
        model = PracticePage
        fields = ["territory"]


class ContactCountsReport(ReportView):
    """Per practice: messages this month, in all, still waiting for the mail."""

    page_title = _("Messages to contacts")
    header_icon = "mail"
    index_url_name = "contact_counts"
    index_results_url_name = "contact_counts_results"
    results_template_name = "rtes_site/admin/contact_counts_results.html"
    filterset_class = ContactCountsFilterSet
    no_results_message = _("No member has written to a practice's contact yet.")
    columns = [
        TitleColumn(
            "title",
            label=_("Practice"),
            get_url=lambda page: page.get_url(),
        ),
        Column("territory", label=_("Member territory")),
        Column("messages_this_month", label=_("This month")),
        Column("messages_total", label=_("In all")),
        Column("messages_waiting", label=_("Waiting to be e-mailed")),
    ]
    list_export = [
        "title",
        "territory",
        "messages_this_month",
        "messages_total",
        "messages_waiting",
    ]
    export_headings = {
        "title": _("Practice"),
        "territory": _("Member territory"),
        "messages_this_month": _("This month"),
        "messages_total": _("In all"),
        "messages_waiting": _("Waiting to be e-mailed"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_see_counts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return practices_with_counts()

    def get_filename(self):
        return f"messages-contacts-{timezone.localdate():%Y-%m-%d}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["totals"] = ContactMessage.objects.filter(
            practice__in=self.object_list.order_by().values("pk")
        ).aggregate(
            this_month=Count("pk", filter=Q(created_at__gte=month_start())),
            total=Count("pk"),
        )
        return context
