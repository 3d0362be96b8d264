"""`manage.py import_territories [PATH]`: load Etalab's reference geography."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from territories.importer import DatasetError, ImportReport, import_territories
from territories.models import Territory

SHIPPED_SUBSET = (
    Path(__file__).resolve().parents[2] / "data" / "decoupage-administratif"
)


class Command(BaseCommand):
    help = _(
        "Import régions, départements, EPCI and communes from a folder of "
        "@etalab/decoupage-administratif JSON files (default: the shipped subset)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=SHIPPED_SUBSET,
            help=_(
                "Folder holding regions.json, departements.json, epci.json "
                "and communes.json (ept.json is read when present)."
            ),
        )

    def handle(self, *args, path: Path, **options):
        try:
            report = import_territories(path)
        except DatasetError as error:
            raise CommandError(
                _("Nothing was imported: %(error)s") % {"error": error}
            ) from error
        if options["verbosity"] >= 1:
            self.stdout.write(format_report(report))


def format_report(report: ImportReport) -> str:
    """The report as a small table, one line per kind."""
    labels = dict(Territory.Kind.choices)
    lines = [
        _("%(kind)-26s created  updated  unchanged  absent") % {"kind": ""},
    ]
    for kind, counts in report.counts.items():
        lines.append(
            f"{labels[kind]!s:<26} {counts.created:>7}  {counts.updated:>7}  "
            f"{counts.unchanged:>9}  {counts.absent:>6}"
        )
    lines.append(
        _(
            "%(count)s commune records skipped (arrondissements municipaux, "
            "communes déléguées or associées)."
        )
        % {"count": report.skipped_communes}
    )
    if report.changed == 0:
        lines.append(_("Already up to date: nothing changed."))
    return "\n".join(lines)
