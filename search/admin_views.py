"""The editorial team's view of the search index: is it in line with the database?"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import indexing
from .engines import get_engine
from .engines.base import EngineUnavailable
from .models import IndexRun, PracticeIndexState
from .tasks import reconcile_index

PERMISSION = "catalogue_search.view_indexrun"


class IndexStatusView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/index_status.html"
    page_title = gettext_lazy("Search index")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        engine = get_engine()
        try:
            indexed: int | None = engine.index.count()
        except EngineUnavailable:
            indexed = None
        context.update(
            engine_name=engine.name,
            engine_available=engine.is_available(),
            indexed_count=indexed,
            live_count=indexing.indexable_practices().count(),
            waiting=PracticeIndexState.objects.filter(dirty=True).order_by(
                "dirty_since"
            ),
            last_reconcile=IndexRun.objects.filter(
                kind=IndexRun.Kind.RECONCILE
            ).first(),
            last_rebuild=IndexRun.objects.filter(kind=IndexRun.Kind.REBUILD).first(),
        )
        context["waiting_count"] = context["waiting"].count()
        context["waiting"] = context["waiting"][:50]
        return context

    def post(self, request, *args, **kwargs):
        """Ask a worker to reconcile now."""
        try:
            reconcile_index.delay()
        except Exception:  # noqa: BLE001 - broker down: say so, change nothing
            messages.error(
                request, _("The task queue is unreachable; try again later.")
            )
        else:
            messages.success(request, _("A reconciliation has been queued."))
        return redirect("search_index_status")
