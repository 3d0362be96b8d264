"""What a practice looks like in the search index: one pure function decides."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape

from django.conf import settings
from django.db.models import F, Prefetch, QuerySet
from django.utils import translation
from wagtail.rich_text import RichText

from practices.models import (
    PracticeDocument,
    PracticeInspiration,
    PracticePage,
    PracticePartner,
)

from .analysis import variants
from .attachments import AttachedFile, documents_text, pdf_texts


@dataclass
class SearchDocument:
    """The indexed form of a practice: texts to match, keywords to facet on."""

    id: int
    version: int
    title: str
    summary: str
    body: str
    partners: str
    territories: str
    # The names of its themes, levers and audiences, searched as text.
    labels: str
    # Other spellings of its words (`analysis.variants`), searched as text.
    variants: str
    url: str
    territory_name: str
    published_at: datetime | None
    # When it last made news (first publication or a substantial update).
    updated_at: datetime | None = None
    theme: list[str] = field(default_factory=list)
    lever: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    territory_kind: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    departement: list[str] = field(default_factory=list)
    territory: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    start_year: list[str] = field(default_factory=list)
    # The kinds of its attached documents (PracticeDocument.Kind values).
    document_type: list[str] = field(default_factory=list)
    # ["yes"] when a live practice declares it was inspired by this one.
    adapted: list[str] = field(default_factory=list)
    # The titles and PDF text of its documents: searched, below the body.
    documents: str = ""

    def as_dict(self) -> dict:
        # Shallow: dataclasses.asdict deep-copies every list, which cost more than
        # sending the document to Elasticsearch.
        return dict(vars(self))


# Database rich text is well-formed HTML: regular expressions remove its tags
# several times faster than Django's strip_tags (an HTMLParser per call). Block
# tags become a space, so that "…fin.</p><p>Début…" stays two words; inline tags
# ("<b>mot</b>s") vanish.
BLOCK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|br|hr|div|blockquote|embed|figure|table|tr|td|th)"
    r"\b[^>]*>",
    re.IGNORECASE,
)
TAG = re.compile(r"<[^>]*>")
# The end of a heading, list item or cell whose text has no punctuation of its
# own gets some, so that excerpts do not run "Objectifs Recruter Former"
# together: "Objectifs : Recruter ; Former".
UNPUNCTUATED = r"([^\s.,;:!?…])(\s*</(?:{tags})>)"
HEADING_END = re.compile(UNPUNCTUATED.format(tags="h[1-6]|dt"), re.IGNORECASE)
ITEM_END = re.compile(UNPUNCTUATED.format(tags="li|td|th|dd"), re.IGNORECASE)
ENDS_A_PHRASE = re.compile(r"[.,;:!?…]\s*$")


def plain_text(html: str) -> str:
    """Rich text as plain text: tags removed, entities decoded, whitespace collapsed."""
    html = ITEM_END.sub(r"\1 ;\2", HEADING_END.sub(r"\1 :\2", html or ""))
    return " ".join(unescape(TAG.sub("", BLOCK_TAG.sub(" ", html))).split())


def phrases(parts) -> str:
    """Texts joined, with a stop after those that end without punctuation."""
    return " ".join(
        part if ENDS_A_PHRASE.search(part) else f"{part}." for part in parts if part
    )


def stream_text(stream) -> str:
    """All searchable text of a StreamField value."""
    parts: list[str] = []
    for child in stream:
        if isinstance(child.value, RichText):
            # What Wagtail's get_searchable_content extracts, without its second
            # pass through strip_tags: plain_text below strips the tags once.
            if getattr(child.block, "search_index", True):
                parts.append(child.value.source)
            continue
        parts.append(phrases(child.block.get_searchable_content(child.value)))
    return plain_text(" ".join(parts))


@dataclass(frozen=True)
class RelatedValues:
    """What a document takes from a practice's relations (slugs and names)."""

    themes: list[str] = field(default_factory=list)
    levers: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    partner_territories: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # taxonomy names
    document_kinds: list[str] = field(default_factory=list)
    adapted: bool = False
    documents: str = ""  # `attachments.documents_text`


DOCUMENT_KINDS = list(PracticeDocument.Kind.values)


def kinds_in_order(kinds: Iterable[str]) -> list[str]:
    """Distinct document kinds, in the order of PracticeDocument.Kind."""
    found = set(kinds)
    return [kind for kind in DOCUMENT_KINDS if kind in found]


def attached_file(document) -> AttachedFile:
    return AttachedFile(
        id=document.pk,
        title=document.title,
        file_name=document.file.name,
        file_size=document.file_size,
        file_hash=document.file_hash,
    )


def live_adaptations():
    """Inspirations declared by live, public practices of another territory: what
    makes their sources "adapted" (a draft, an unpublished or private adaptation,
    or one of the same territory does not count), as the territory page counts
    them (`practices.lineage.spread_count`)."""
    return PracticeInspiration.objects.filter(
        page__in=PracticePage.objects.live().public()
    ).exclude(page__territory_id=F("source__territory_id"))


def related_values(page: PracticePage) -> RelatedValues:
    """One page's relations, read through its (prefetched) managers."""
    attached = list(page.documents.all())
    files = [attached_file(item.document) for item in attached]
    adapted = (
        bool(page.live_adaptations)
        if hasattr(page, "live_adaptations")
        else live_adaptations().filter(source=page).exists()
    )
    return RelatedValues(
        themes=[t.slug for t in page.themes.all()],
        levers=[lever.slug for lever in page.levers.all()],
        audiences=[a.slug for a in page.audiences.all()],
        partners=[p.name for p in page.partners.all()],
        partner_territories=[t.name for t in page.partner_territories.all()],
        labels=[
            term.name
            for terms in (page.themes, page.levers, page.audiences)
            for term in terms.all()
        ],
        document_kinds=kinds_in_order(item.kind for item in attached),
        adapted=adapted,
        documents=documents_text(files, pdf_texts(files)),
    )


NewsDates = Callable[[list[int]], dict[int, datetime]]


def no_news(page_ids: list[int]) -> dict[int, datetime]:
    return {}


# When practices were last substantially updated: their news besides their
# first publication. The rule belongs to the digests, a layer above, which
# registers it in its ready() (`register_news_dates`).
_news_dates: NewsDates = no_news


def register_news_dates(news_dates: NewsDates) -> None:
    """Say when practices were last substantially updated: page ids → date, for
    those that ever were."""
    global _news_dates
    _news_dates = news_dates


def practice_document(
    page: PracticePage,
    version: int = 1,
    related: RelatedValues | None = None,
    news_at: datetime | None = None,
) -> SearchDocument:
    """Build the document of a practice (expects `indexable_practices` prefetching,
    or its relations read in bulk by `related_values_of`); `news_at`: when it
    was last substantially updated, if it ever was."""
    related = related if related is not None else related_values(page)
    territory = page.territory
    region = territory.region_of if territory else None
    departement = (
        territory
        if territory and territory.kind == territory.Kind.DEPARTEMENT
        else (territory.departement if territory else None)
    )
    title, summary = page.title, page.summary
    body = " ".join(
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
    )
    partners = " ".join(related.partners)
    territories = " ".join(
        [
            *(t.name for t in (territory, region, departement) if t is not None),
            *related.partner_territories,
        ]
    )
    labels = " ".join(related.labels)
    return SearchDocument(
        id=page.pk,
        version=version,
        title=title,
        summary=summary,
        body=body,
        partners=partners,
        territories=territories,
        labels=labels,
        variants=variants(
            " ".join([title, summary, body, partners, territories, labels])
        ),
        url=french_url(page),
        territory_name=territory.name if territory else "",
        published_at=page.first_published_at,
        updated_at=max(filter(None, [page.first_published_at, news_at]), default=None),
        theme=related.themes,
        lever=related.levers,
        audience=related.audiences,
        territory_kind=[territory.facet_kind] if territory else [],
        region=[region.code] if region else [],
        departement=[departement.code] if departement else [],
        territory=[str(territory.pk)] if territory else [],
        status=[page.status],
        start_year=[str(page.start_date.year)] if page.start_date else [],
        document_type=related.document_kinds,
        adapted=["yes"] if related.adapted else [],
        documents=related.documents,
    )


def related_values_of(page_ids: list[int]) -> dict[int, RelatedValues]:
    """The relations of many practices in eight queries, as plain values (and
    the reading of the PDFs no index run read before, `attachments`).

    Much cheaper than `prefetch_related`, which builds a model instance (and a
    manager) per related row: a chunk of 500 practices has some 5,000 of them.
    """
    through = PracticePage._meta
    lists: dict[int, dict[str, list[str]]] = {pk: {} for pk in page_ids}
    queries = {
        "themes": through.get_field("themes")
        .remote_field.through.objects.filter(practicepage_id__in=page_ids)
        .order_by("theme__name")
        .values_list("practicepage_id", "theme__slug", "theme__name"),
        "levers": through.get_field("levers")
        .remote_field.through.objects.filter(practicepage_id__in=page_ids)
        .order_by("lever__name")
        .values_list("practicepage_id", "lever__slug", "lever__name"),
        "audiences": through.get_field("audiences")
        .remote_field.through.objects.filter(practicepage_id__in=page_ids)
        .order_by("audience__name")
        .values_list("practicepage_id", "audience__slug", "audience__name"),
        "partners": PracticePartner.objects.filter(page_id__in=page_ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "name"),
        "partner_territories": through.get_field("partner_territories")
        .remote_field.through.objects.filter(practicepage_id__in=page_ids)
        .order_by("territory__kind", "territory__name")
        .values_list("practicepage_id", "territory__name"),
    }
    for name, rows in queries.items():
        for page_id, value, *label in rows:
            lists[page_id].setdefault(name, []).append(value)
            if label:  # a taxonomy term: its name is searched as text
                lists[page_id].setdefault("labels", []).extend(label)
    kinds: dict[int, list[str]] = {pk: [] for pk in page_ids}
    files: dict[int, list[AttachedFile]] = {pk: [] for pk in page_ids}
    attached = (
        PracticeDocument.objects.filter(page_id__in=page_ids)
        .order_by("sort_order", "pk")
        .values_list(
            "page_id",
            "kind",
            "document_id",
            "document__title",
            "document__file",
            "document__file_size",
            "document__file_hash",
        )
    )
    for page_id, kind, *document in attached:
        kinds[page_id].append(kind)
        files[page_id].append(AttachedFile(*document))
    texts = pdf_texts(f for found in files.values() for f in found)
    adapted = set(
        live_adaptations()
        .filter(source_id__in=page_ids)
        .values_list("source_id", flat=True)
        .distinct()
    )
    return {
        pk: RelatedValues(
            **values,
            document_kinds=kinds_in_order(kinds[pk]),
            adapted=pk in adapted,
            documents=documents_text(files[pk], texts),
        )
        for pk, values in lists.items()
    }


def practice_documents(
    page_ids: Iterable[int], versions: dict[int, int] | None = None
) -> list[SearchDocument]:
    """Documents of those practices that are indexable, in a constant number of
    queries (page rows, `related_values_of`, their news)."""
    # The relations come from `related_values_of`, not from prefetching.
    pages = list(
        indexable_practices().prefetch_related(None).filter(pk__in=list(page_ids))
    )
    ids = [page.pk for page in pages]
    related = related_values_of(ids)
    news = _news_dates(ids)
    versions = versions or {}
    return [
        practice_document(
            page, versions.get(page.pk, 1), related[page.pk], news.get(page.pk)
        )
        for page in pages
    ]


def indexable_practices() -> QuerySet[PracticePage]:
    """Live, public practices with everything their documents need, prefetched."""
    return (
        PracticePage.objects.live()
        .public()
        .select_related("territory__region", "territory__departement")
        .prefetch_related(
            "themes",
            "levers",
            "audiences",
            "partners",
            "partner_territories",
            Prefetch(
                "documents",
                queryset=PracticeDocument.objects.select_related("document").order_by(
                    "sort_order", "pk"
                ),
            ),
            Prefetch(
                "adaptations",
                queryset=live_adaptations().only("pk", "source_id"),
                to_attr="live_adaptations",
            ),
        )
    )


def french_url(page) -> str:
    """The page's URL in the site's language, whatever language the indexing
    runs under (an editor publishing from the English admin, a test after an
    English request): the index holds one URL per practice."""
    with translation.override(settings.LANGUAGE_CODE):
        return page.get_url() or ""
