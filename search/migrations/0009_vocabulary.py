"""The vocabulary of the database index (typos, unfinished words): on PostgreSQL,
with pg_trgm's trigram index for the words close to a typo. And the taxonomy
labels get a vector of their own, apart from the title's, for ranking."""

import django.contrib.postgres.search
from django.db import migrations, models

VECTORS = "catalogue_search_indexedvectors"
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalogue_search_word_trgm"
    " ON catalogue_search_indexedword USING gin (word gin_trgm_ops)",
    f"ALTER TABLE {VECTORS} ALTER COLUMN labels SET STORAGE EXTERNAL",
    f"CREATE INDEX IF NOT EXISTS {VECTORS}_labels_gin ON {VECTORS} USING gin (labels)",
    f"""
UPDATE {VECTORS} v SET title = to_tsvector('rtes_french', p.title),
    labels = to_tsvector('rtes_french', p.labels)
FROM catalogue_search_indexedpractice p WHERE p.page_id = v.practice_id
""",  # noqa: S608 - constants only
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalogue_search_word_trgm")
        schema_editor.execute(f"DROP INDEX IF EXISTS {VECTORS}_labels_gin")


class Migration(migrations.Migration):
    dependencies = [("catalogue_search", "0008_synonyms")]

    operations = [
        migrations.CreateModel(
            name="IndexedWord",
            fields=[
                (
                    "word",
                    models.CharField(max_length=40, primary_key=True, serialize=False),
                ),
                ("form", models.CharField(max_length=40)),
                ("term", models.CharField(db_index=True, max_length=40)),
                ("practices", models.PositiveIntegerField(default=1)),
            ],
        ),
        migrations.AddField(
            model_name="indexedvectors",
            name="labels",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
