from django.db import migrations, models

TABLE = "catalogue_search_indexedpractice"
# The sort "updated", read from the index alone, as migration 0006's publication
# order (SQLite allows no NULLS LAST in an index; its column index serves).
UPDATE_ORDER = (
    f"CREATE INDEX IF NOT EXISTS catalogue_search_update_order ON {TABLE}"
    " (updated_at DESC NULLS LAST, page_id DESC)"
)


def add_update_order(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UPDATE_ORDER)


class Migration(migrations.Migration):
    dependencies = [("catalogue_search", "0010_attached_documents_text")]

    operations = [
        migrations.AddField(
            model_name="indexedpractice",
            name="updated_at",
            field=models.DateTimeField(db_index=True, null=True),
        ),
        # Documents indexed before know no news: their last news is taken to be
        # their first publication until `manage.py search_index rebuild`.
        migrations.RunSQL(
            f"UPDATE {TABLE} SET updated_at = published_at", migrations.RunSQL.noop
        ),
        migrations.RunPython(add_update_order, migrations.RunPython.noop),
    ]
