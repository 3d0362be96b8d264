"""The database engine's index: one row per indexed practice, facet values beside it.

Kept apart from the page tables so that the index can lag behind, be rebuilt or
compared with the pages (reconciliation) like any other search engine's index.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexedPractice(models.Model):
    """A practice as the database engine indexed it."""

    page = models.OneToOneField(
        "practices.PracticePage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",  # the index is the engine's business, not the page's
    )
    version = models.PositiveBigIntegerField(default=1)
    title = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    partners = models.TextField(blank=True)
    territories = models.TextField(blank=True)
    labels = models.TextField(blank=True, default="")
    variants = models.TextField(blank=True, default="")
    # The titles and text of its attached documents (`search.attachments`).
    documents = models.TextField(blank=True, default="")
    url = models.CharField(max_length=500)
    territory_name = models.CharField(max_length=255, blank=True)
    published_at = models.DateTimeField(null=True, db_index=True)
    # When it last made news; on PostgreSQL also in the order of migration 0011.
    updated_at = models.DateTimeField(null=True, db_index=True)
    # Lowercase, accent-free title for suggestions on any database.
    title_folded = models.CharField(max_length=255, db_index=True)

    def __str__(self):
        return self.title


class IndexedVectors(models.Model):
    """PostgreSQL only: the text vectors of an indexed practice, each GIN-indexed.

    A table of their own, with the vectors stored out of line (migration 0005):
    its rows are ~100 bytes, so fetching the 85,000 ids that match a common word
    reads ~600 pages, not the ~35,000 of the practice rows with their texts.
    On SQLite the FTS5 table `catalogue_search_fts` plays this part.
    """

    practice = models.OneToOneField(
        IndexedPractice, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    document = SearchVectorField(null=True)  # every text: matching
    title = SearchVectorField(null=True)  # ranking
    labels = SearchVectorField(null=True)  # ranking: themes, levers, audiences
    summary = SearchVectorField(null=True)  # ranking

    def __str__(self):
        return f"vectors of {self.practice_id}"


class IndexedWord(models.Model):
    """A word of the indexed practices, for typos and unfinished words (`spelling`).

    Folded, not stemmed ("mobilite"), with its usual spelling ("mobilité"), its
    index term and how many practices use it. Words of a new practice are added
    as it is indexed; the counts are recomputed, and unused words dropped, at
    each reconciliation.
    """

    word = models.CharField(max_length=40, primary_key=True)
    form = models.CharField(max_length=40)
    term = models.CharField(max_length=40, db_index=True)
    practices = models.PositiveIntegerField(default=1)

    def __str__(self):
        return self.form


class IndexedFacetValue(models.Model):
    """One facet value of an indexed practice (a practice has several per facet)."""

    practice = models.ForeignKey(
        IndexedPractice, on_delete=models.CASCADE, related_name="facet_values"
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "facet", "value"], name="unique_facet_value"
            )
        ]
        indexes = [models.Index(fields=["facet", "value", "practice"])]

    def __str__(self):
        return f"{self.facet}={self.value}"


class ExtractedText(models.Model):
    """The text of an attached PDF, as `search.attachments` extracted it.

    Extracting costs far more than building the rest of a practice's document,
    so it is done once per file: the row holds the file's name, size and hash
    as they were, and a new file (a new name, size or hash) is read again.
    """

    document = models.OneToOneField(
        "wagtaildocs.Document",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",  # the index's business, not the document's
    )
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField(null=True)
    file_hash = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)
    pages = models.PositiveIntegerField(default=0)  # pages read
    # Why there is no text (unreadable, encrypted, too large); empty otherwise.
    failure = models.CharField(max_length=200, blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"text of document {self.document_id}"


class PracticeIndexState(models.Model):
    """Where a practice stands with the search index: its version, whether it waits.

    The row is written in the same transaction as the change it records (an
    outbox), so a broker or engine outage can delay an index update, never lose
    it. No foreign key: a deleted practice must still be removed from the index.
    """

    page_id = models.BigIntegerField(primary_key=True)
    # Bumped on every change that alters the practice's document; sent to
    # Elasticsearch as the external version, so a late, older write is refused.
    version = models.PositiveBigIntegerField(default=1)
    dirty = models.BooleanField(default=True, db_index=True)
    dirty_since = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return f"practice {self.page_id} v{self.version}"


class IndexRun(models.Model):
    """A reconciliation or rebuild, with what it found and repaired."""

    class Kind(models.TextChoices):
        RECONCILE = "reconcile", _("Reconciliation")
        REBUILD = "rebuild", _("Rebuild")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    engine = models.CharField(max_length=30)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    indexed = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    stale = models.PositiveIntegerField(default=0)
    extra = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M}"


class Synonym(models.Model):
    """Expressions a search treats as one ("SIAE, structure d'insertion...").

    Applied at query time by every engine (`search.synonyms`): a change counts
    at the next search, with no reindexing. Seeded from search/data/synonyms.txt.
    """

    terms = models.TextField(
        _("equivalent expressions"),
        unique=True,
        help_text=_(
            "Separated by commas: “SCIC, société coopérative d'intérêt collectif”."
        ),
    )

    class Meta:
        ordering = ["terms"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.terms

    def expressions(self) -> list[str]:
        return [part.strip() for part in self.terms.split(",") if part.strip()]
