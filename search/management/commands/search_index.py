"""manage.py search_index rebuild|reconcile|pending|status"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.engines import get_engine
from search.engines.base import EngineUnavailable
from search.models import IndexRun, PracticeIndexState


class Command(BaseCommand):
    help = (
        "Maintain the search index: rebuild it without downtime, reconcile it with "
        "the database, sync the practices waiting for it, or show its status."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["rebuild", "reconcile", "pending", "status"]
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="rebuild: processes building the documents while this one "
            "writes them; default 1",
        )

    def handle(self, *args, action, jobs, **options):
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        self.jobs = jobs
        try:
            getattr(self, action)()
        except EngineUnavailable as error:
            raise CommandError(f"Search engine unavailable: {error}") from error

    def rebuild(self):
        run = indexing.rebuild(jobs=self.jobs)
        self.report(run)

    def reconcile(self):
        run = indexing.reconcile()
        self.report(run)

    def pending(self):
        ids = indexing.pending_ids(grace=datetime.timedelta(0))
        report = indexing.index_practices(ids)
        self.stdout.write(
            f"{report.indexed} indexed, {report.deleted} deleted, "
            f"{len(report.errors)} errors"
        )

    def status(self):
        engine = get_engine()
        self.stdout.write(f"Engine: {engine.name}")
        self.stdout.write(f"Live practices: {indexing.indexable_practices().count()}")
        self.stdout.write(f"Indexed documents: {engine.index.count()}")
        waiting = PracticeIndexState.objects.filter(dirty=True).count()
        self.stdout.write(f"Waiting for the index: {waiting}")
        for kind in IndexRun.Kind:
            last = IndexRun.objects.filter(kind=kind).first()
            self.stdout.write(f"Last {kind.label.lower()}: {last or 'never'}")

    def report(self, run):
        self.stdout.write(
            f"{run.get_kind_display()} on {run.engine}: {run.indexed} indexed; "
            f"repaired {run.missing} missing, {run.stale} stale, {run.extra} extra; "
            f"{len(run.errors)} errors"
        )
        for error in run.errors:
            self.stderr.write(error)
        if run.errors:
            raise CommandError("Some practices could not be indexed (see above).")
