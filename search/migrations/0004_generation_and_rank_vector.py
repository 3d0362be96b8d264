"""Index generation token (with triggers), rank vector, a partial index on live pages.

The database engine caches facet bitsets in each process (see
`search.engines.bitsets`); the triggers give every write to the index a new
random token, so that every process sees that its cache is out of date, whoever
wrote (the engine, or a cascade from a deleted page).
"""

import django.contrib.postgres.search
from django.db import migrations, models

TABLE = "catalogue_search_indexedpractice"
GENERATION = "catalogue_search_indexgeneration"

POSTGRES_FORWARD = [
    f"""
CREATE OR REPLACE FUNCTION catalogue_search_new_generation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {GENERATION} (id, token) VALUES (1, gen_random_uuid()::text)
    ON CONFLICT (id) DO UPDATE SET token = excluded.token;
    RETURN NULL;
END $$
""",
    # A statement that changed no row (deleting a practice the index does not
    # hold) must not make every process reload its cache.
    f"""
CREATE OR REPLACE FUNCTION catalogue_search_rows_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        INSERT INTO {GENERATION} (id, token) VALUES (1, gen_random_uuid()::text)
        ON CONFLICT (id) DO UPDATE SET token = excluded.token;
    END IF;
    RETURN NULL;
END $$
""",
    f"""
CREATE TRIGGER catalogue_search_generation_insert AFTER INSERT ON {TABLE}
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION catalogue_search_rows_changed()
""",
    f"""
CREATE TRIGGER catalogue_search_generation_update AFTER UPDATE ON {TABLE}
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION catalogue_search_rows_changed()
""",
    f"""
CREATE TRIGGER catalogue_search_generation_delete AFTER DELETE ON {TABLE}
REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION catalogue_search_rows_changed()
""",
    f"""
CREATE TRIGGER catalogue_search_generation_truncate AFTER TRUNCATE ON {TABLE}
FOR EACH STATEMENT EXECUTE FUNCTION catalogue_search_new_generation()
""",
    f"""
UPDATE {TABLE} SET rank_vector =
    setweight(to_tsvector('rtes_french', title), 'A')
    || setweight(to_tsvector('rtes_french', summary), 'B')
""",
]
POSTGRES_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS catalogue_search_generation_{event} ON {TABLE}"
        for event in ("insert", "update", "delete", "truncate")
    ),
    "DROP FUNCTION IF EXISTS catalogue_search_rows_changed()",
    "DROP FUNCTION IF EXISTS catalogue_search_new_generation()",
]

# SQLite has row triggers only; one small UPDATE per written row is cheap there.
# Not INSERT OR REPLACE: the outer statement's conflict policy would override it.
SQLITE_FORWARD = [
    f"""
CREATE TRIGGER IF NOT EXISTS catalogue_search_generation_{event}
AFTER {event.upper()} ON {TABLE} BEGIN
    UPDATE {GENERATION} SET token = lower(hex(randomblob(16))) WHERE id = 1;
    INSERT INTO {GENERATION} (id, token)
    SELECT 1, lower(hex(randomblob(16)))
    WHERE NOT EXISTS (SELECT 1 FROM {GENERATION} WHERE id = 1);
END
"""
    for event in ("insert", "update", "delete")
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS catalogue_search_generation_{event}"
    for event in ("insert", "update", "delete")
]

# Every search asks which indexed practices are no longer live (an unpublication
# the index has not caught up with): a few rows, found through this small index
# instead of a scan of every page.
NOT_LIVE_INDEX = (
    "CREATE INDEX IF NOT EXISTS catalogue_search_page_not_live"
    " ON wagtailcore_page (id) WHERE NOT live"
)
NOT_LIVE_INDEX_BACKWARD = "DROP INDEX IF EXISTS catalogue_search_page_not_live"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)
    if vendor in statements:
        schema_editor.execute(NOT_LIVE_INDEX)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)
    if vendor in statements:
        schema_editor.execute(NOT_LIVE_INDEX_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue_search", "0003_index_state"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexGeneration",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, primary_key=True, serialize=False
                    ),
                ),
                ("token", models.CharField(max_length=36)),
            ],
        ),
        migrations.AddField(
            model_name="indexedpractice",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
