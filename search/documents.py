"""What a practice looks like in the search index: one pure function decides."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines

from practices.models import PracticePage


@dataclass
class PracticeDocument:
    """The indexed form of a practice: texts to match, keywords to facet on."""

    id: int
    version: int
    title: str
    summary: str
    body: str
    partners: str
    territories: str
    url: str
    territory_name: str
    published_at: datetime | None
    theme: list[str] = field(default_factory=list)
    lever: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    territory_kind: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    departement: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    start_year: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def plain_text(html: str) -> str:
    """Rich text as plain text: tags removed, whitespace collapsed."""
    return " ".join(strip_tags(normalize_newlines(html or "")).split())


def stream_text(stream) -> str:
    """All searchable text of a StreamField value."""
    parts: list[str] = []
    for child in stream:
        parts.extend(str(s) for s in child.block.get_searchable_content(child.value))
    return plain_text(" ".join(parts))


def practice_document(page: PracticePage, version: int = 1) -> PracticeDocument:
    """Build the document of a practice (expects `indexable_practices` prefetching)."""
    territory = page.territory
    region = territory.region_of if territory else None
    departement = (
        territory
        if territory and territory.kind == territory.Kind.DEPARTEMENT
        else (territory.departement if territory else None)
    )
    partner_territories = list(page.partner_territories.all())
    return PracticeDocument(
        id=page.pk,
        version=version,
        title=page.title,
        summary=page.summary,
        body=" ".join(
            filter(
                None,
                [
                    plain_text(page.context),
                    plain_text(page.objectives),
                    stream_text(page.description),
                    stream_text(page.steps),
                    plain_text(page.results),
                    plain_text(page.lessons),
                    plain_text(page.transferability),
                ],
            )
        ),
        partners=" ".join(p.name for p in page.partners.all()),
        territories=" ".join(
            t.name
            for t in [territory, region, departement, *partner_territories]
            if t is not None
        ),
        url=page.get_url() or "",
        territory_name=territory.name if territory else "",
        published_at=page.first_published_at,
        theme=[t.slug for t in page.themes.all()],
        lever=[lever.slug for lever in page.levers.all()],
        audience=[a.slug for a in page.audiences.all()],
        territory_kind=[territory.facet_kind] if territory else [],
        region=[region.code] if region else [],
        departement=[departement.code] if departement else [],
        status=[page.status],
        start_year=[str(page.start_date.year)] if page.start_date else [],
    )


def indexable_practices() -> QuerySet[PracticePage]:
    """Live, public practices with everything their documents need, prefetched."""
    return (
        PracticePage.objects.live()
        .public()
        .select_related("territory__region", "territory__departement")
        .prefetch_related(
            "themes", "levers", "audiences", "partners", "partner_territories"
        )
    )


def documents_for(pages: Iterable[PracticePage]) -> Iterator[PracticeDocument]:
    for page in pages:
        yield practice_document(page)
