"""What the admin shows of pages a person may not edit: their published state only.

Territory editors share one page tree. Wagtail's page chooser and its page-types
report list pages across the whole tree, drafts included, by their latest (draft)
title; with `wagtail_hooks` and `urls`, they show another territory's pages only
once published, and the report by their published title.
"""

from django.db.models import Q, QuerySet
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permissions import page_permission_policy


def editable_pages(user) -> QuerySet:
    return page_permission_policy.instances_user_has_permission_for(user, "change")


def visible_pages(pages: QuerySet, user) -> QuerySet:
    """`pages` without the unpublished ones `user` may not edit."""
    if user.is_superuser:
        return pages
    return pages.filter(Q(live=True) | Q(pk__in=editable_pages(user).values("pk")))


class PageTypesUsageReport(PageTypesUsageReportView):
    """Wagtail's report, without the drafts of pages the user may not edit."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        user = self.request.user
        shown = {
            item.last_edited_page.pk for item in page_types if item.last_edited_page
        }
        editable = set(
            editable_pages(user).filter(pk__in=shown).values_list("pk", flat=True)
        )
        for item in page_types:
            page: Page | None = item.last_edited_page
            if page is None or user.is_superuser or page.pk in editable:
                continue
            if page.live:
                page.draft_title = page.title
            else:
                item.last_edited_page = None
        return page_types
