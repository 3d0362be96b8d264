"""`manage.py import_practices FILE.json`: practices and taxonomy terms from JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.importer import ImportFileError, import_file


class Command(BaseCommand):
    help = gettext_lazy(
        "Import practices and taxonomy terms from a JSON file in the format of "
        "docs/import-format.md. Idempotent by external_id; practices are published "
        "directly, without the review workflow."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=gettext_lazy("the JSON file"))

    def handle(self, *args, file: Path, **options):
        try:
            report = import_file(file)
        except ImportFileError as error:
            raise CommandError(
                _("Nothing imported: %(error)s") % {"error": error}
            ) from None

        for error in report.errors:
            self.stderr.write(error)
        if options["verbosity"] > 1:
            for result in report.results:
                if result.outcome != "failed":
                    changes = (
                        f" ({', '.join(result.changes)})" if result.changes else ""
                    )
                    self.stdout.write(f"{result.label}: {result.outcome}{changes}")
        summary = report.summary()
        if not report.ok:
            raise CommandError(
                _("%(count)d record(s) failed. %(summary)s")
                % {"count": len(report.failed), "summary": summary}
            )
        self.stdout.write(self.style.SUCCESS(summary))
