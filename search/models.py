"""The database engine's index: one row per indexed practice, facet values beside it.

Kept apart from the page tables so that the index can lag behind, be rebuilt or
compared with the pages (reconciliation) like any other search engine's index.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


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
    url = models.CharField(max_length=500)
    territory_name = models.CharField(max_length=255, blank=True)
    published_at = models.DateTimeField(null=True, db_index=True)
    # Lowercase, accent-free title for suggestions on any database.
    title_folded = models.CharField(max_length=255, db_index=True)
    # PostgreSQL only (weighted tsvector, GIN-indexed by migration 0002); on
    # SQLite the FTS5 table `catalogue_search_fts` plays this part.
    search_vector = SearchVectorField(null=True)

    def __str__(self):
        return self.title


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
