"""`manage.py import_populations [FILE]`: populations of régions, départements, EPCI."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from territories.models import Territory
from territories.population import (
    DATA,
    KINDS,
    PopulationError,
    import_populations,
    read_populations,
)


class Command(BaseCommand):
    help = _(
        "Write the populations of régions, départements and EPCI (summed from "
        "their communes) from a populations file (default: the shipped one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DATA)

    def handle(self, *args, file: Path, **options):
        try:
            year = read_populations(file).year
            report = import_populations(file)
        except PopulationError as error:
            raise CommandError(
                _("Nothing was imported: %(error)s") % {"error": error}
            ) from error
        if options["verbosity"] < 1:
            return
        labels = dict(Territory.Kind.choices)
        self.stdout.write(_("Populations of %(year)s") % {"year": year})
        for kind in KINDS:
            self.stdout.write(
                _(
                    "%(kind)s: %(updated)s updated, %(unchanged)s unchanged, "
                    "%(unknown)s not in the database"
                )
                % {
                    "kind": labels[kind],
                    "updated": report.updated[kind.value],
                    "unchanged": report.unchanged[kind.value],
                    "unknown": report.unknown[kind.value],
                }
            )
        if not report.changed:
            self.stdout.write(_("Already up to date: nothing changed."))
