"""The database engine keeps no cache between searches: no generation token;
on PostgreSQL, facet postings as sorted integer arrays instead.

Migration 0004 gave every write to the index a new random token (triggers) so
that each process could tell when its cached facet bitsets were stale. The
engine now asks the database on every search, so the token, its table and its
triggers go. The partial index on pages that are not live stays: every search
leaves out the practices unpublished since they were indexed.

PostgreSQL counts the facets of a search by intersecting, with the `intarray`
extension (shipped with PostgreSQL), the matching practices with one sorted
array of practice ids per facet value: ~15 ms at 20,000 practices, against ~80
for a GROUP BY over their facet rows. The engine keeps the arrays with the rows.
"""

from django.db import migrations

TABLE = "catalogue_search_indexedpractice"
POSTINGS = "catalogue_search_facetpostings"
EVENTS = ("insert", "update", "delete", "truncate")

POSTGRES = [
    *(
        f"DROP TRIGGER IF EXISTS catalogue_search_generation_{e} ON {TABLE}"
        for e in EVENTS
    ),
    "DROP FUNCTION IF EXISTS catalogue_search_rows_changed()",
    "DROP FUNCTION IF EXISTS catalogue_search_new_generation()",
    "CREATE EXTENSION IF NOT EXISTS intarray",
    f"""
CREATE TABLE IF NOT EXISTS {POSTINGS} (
    facet varchar(20) NOT NULL,
    value varchar(120) NOT NULL,
    ids integer[] NOT NULL DEFAULT '{{}}',
    PRIMARY KEY (facet, value)
)""",
    f"""
INSERT INTO {POSTINGS} (facet, value, ids)
SELECT facet, value, sort(array_agg(practice_id))
FROM catalogue_search_indexedfacetvalue GROUP BY facet, value
ON CONFLICT (facet, value) DO NOTHING""",
    # The newest-first order every search reads, from the index alone.
    f"CREATE INDEX IF NOT EXISTS catalogue_search_practice_date_order ON {TABLE}"
    " (published_at DESC NULLS LAST, page_id DESC)",
]
SQLITE = [f"DROP TRIGGER IF EXISTS catalogue_search_generation_{e}" for e in EVENTS[:3]]


def forward(apps, schema_editor):
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalogue_search", "0005_narrow_vectors")]

    operations = [
        # Not reversible into working triggers: the engine that read them is gone.
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(name="IndexGeneration"),
    ]
