"""Work on practices that spans models: the practices sharing themes."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery

from .models import PracticePage


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
        PracticePage.objects.live()
        .public()
        .select_related("territory")
        .prefetch_related("themes")  # what a practice card shows
        .exclude(pk=practice.pk)
        .annotate(shared=Subquery(shared))
        .filter(shared__gt=0)
        .order_by("-shared", "-first_published_at", "-pk")[:limit]
    )
