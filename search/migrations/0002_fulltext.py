"""Full-text structures that depend on the database: GIN + French config, or FTS5."""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'rtes_french') THEN
        CREATE TEXT SEARCH CONFIGURATION rtes_french (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION rtes_french
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END $$
""",
    "CREATE INDEX IF NOT EXISTS catalogue_search_vector_gin"
    " ON catalogue_search_indexedpractice USING gin (search_vector)",
]
POSTGRES_BACKWARD = "DROP INDEX IF EXISTS catalogue_search_vector_gin;"

SQLITE_FORWARD = """
CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_search_fts USING fts5(
    title, summary, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""
SQLITE_BACKWARD = "DROP TABLE IF EXISTS catalogue_search_fts;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("catalogue_search", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
