"""Search synonyms, seeded from the list shipped in search/data/synonyms.txt."""

from pathlib import Path

from django.db import migrations, models

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"


def seed(apps, schema_editor):
    Synonym = apps.get_model("catalogue_search", "Synonym")
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.strip() and not line.startswith("#"):
            Synonym.objects.get_or_create(terms=line.strip())


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue_search', '0007_searched_labels_and_variants'),
    ]

    operations = [
        migrations.CreateModel(
            name='Synonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('terms', models.TextField(help_text="Separated by commas: “SCIC, société coopérative d'intérêt collectif”.", unique=True, verbose_name='equivalent expressions')),
            ],
            options={
                'verbose_name': 'search synonym',
                'verbose_name_plural': 'search synonyms',
                'ordering': ['terms'],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
