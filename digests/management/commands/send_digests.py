"""Plan and send the digests of a period now, in this process (demos, re-sending)."""

from django.core.management.base import BaseCommand, CommandError

from digests.models import DigestDelivery
from digests.planning import parse_period, period_of, plan_period
from digests.sending import requeue_failed, send_pending


class Command(BaseCommand):
    help = (
        "Plan the digests of a period (default: the current one) and send them "
        "now. A digest already sent is never sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            help="any day of the period's week, YYYY-MM-DD (default: this week)",
        )
        parser.add_argument(
            "--resend-failed",
            action="store_true",
            help="give the period's failed digests a new set of attempts first",
        )

    def handle(self, *args, period=None, resend_failed=False, **options):
        try:
            period = parse_period(period) if period else period_of()
            planned = plan_period(period)
        except ValueError as error:
            raise CommandError(f"Cannot plan {period}: {error}") from error
        self.stdout.write(
            f"Period {period}: {planned.planned} digests planned, "
            f"{planned.already} already planned, {planned.skipped} skipped."
        )
        if resend_failed:
            count = requeue_failed(DigestDelivery.objects.filter(period=period))
            self.stdout.write(f"{count} failed digests queued again.")
        report = send_pending(period=period)
        self.stdout.write(
            f"{report.sent} sent, {report.empty} with nothing to send, "
            f"{report.retrying} to retry later, {report.failed} failed "
            f"({report.seconds:.1f} s)."
        )
        for error in dict.fromkeys(report.errors):
            self.stderr.write(f"SMTP error: {error}")
