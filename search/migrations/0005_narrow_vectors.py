"""Text vectors move to a narrow table of their own, stored out of line, GIN-indexed.

PostgreSQL only in effect (SQLite keeps its FTS5 table; the new table stays empty
there). Matching a common word then reads the small rows of this table instead of
the practice rows with their texts (see `IndexedVectors`).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

VECTORS = "catalogue_search_indexedvectors"
CONFIG = "rtes_french"

POSTGRES_FORWARD = [
    # Rows above 128 bytes have their vectors moved to the TOAST table, not
    # compressed in place: a bitmap scan then touches ~600 heap pages for 100,000
    # practices (and a match on an unweighted query never reads the vectors).
    f"ALTER TABLE {VECTORS} SET (toast_tuple_target = 128)",
    *(
        f"ALTER TABLE {VECTORS} ALTER COLUMN {column} SET STORAGE EXTERNAL"
        for column in ("document", "title", "summary")
    ),
    *(
        f"CREATE INDEX IF NOT EXISTS {VECTORS}_{column}_gin"
        f" ON {VECTORS} USING gin ({column})"
        for column in ("document", "title", "summary")
    ),
    f"""
INSERT INTO {VECTORS} (practice_id, document, title, summary)
SELECT page_id,
    to_tsvector('{CONFIG}', title || ' ' || summary || ' ' || body || ' '
        || partners || ' ' || territories),
    to_tsvector('{CONFIG}', title),
    to_tsvector('{CONFIG}', summary)
FROM catalogue_search_indexedpractice
ON CONFLICT (practice_id) DO NOTHING
""",  # noqa: S608 - constants only
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue_search", "0004_generation_and_rank_vector"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexedVectors",
            fields=[
                (
                    "practice",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="catalogue_search.indexedpractice",
                    ),
                ),
                (
                    "document",
                    django.contrib.postgres.search.SearchVectorField(null=True),
                ),
                ("title", django.contrib.postgres.search.SearchVectorField(null=True)),
                (
                    "summary",
                    django.contrib.postgres.search.SearchVectorField(null=True),
                ),
            ],
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.RemoveField(model_name="indexedpractice", name="rank_vector"),
        migrations.RemoveField(model_name="indexedpractice", name="search_vector"),
    ]
