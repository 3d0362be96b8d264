"""Work on practices that spans models: what the public sees, shared themes."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery

from .models import PracticePage, Theme

PUBLIC_PREFETCH = (Prefetch("themes", queryset=Theme.objects.order_by("name")),)


def public_practices() -> QuerySet[PracticePage]:
    """Live, public practices, with what listings show in constant queries."""
    return (
        PracticePage.objects.live()
        .public()
        .select_related("territory", "territory__region", "image")
        .prefetch_related(*PUBLIC_PREFETCH)
        .order_by("-first_published_at", "-pk")
    )


def practices_sharing_themes(practice: PracticePage, limit: int) -> list[PracticePage]:
    """Other public practices, most themes shared with this one first."""
    # `.all()` rather than `values_list`: in a preview the themes live in memory.
    theme_ids = [theme.pk for theme in practice.themes.all()]
    if not theme_ids:
        return []
    shared = (
        PracticePage.themes.through.objects.filter(
            practicepage_id=OuterRef("pk"), theme_id__in=theme_ids
        )
        .order_by()
        .values("practicepage_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        public_practices()
        .exclude(pk=practice.pk)
        .annotate(shared=Subquery(shared))
        .filter(shared__gt=0)
        .order_by("-shared", "-first_published_at", "-pk")[:limit]
    )
