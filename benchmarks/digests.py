"""Benchmark the weekly digests: plan, render and send for many subscribers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rtes_bench_digests \\
        .venv/bin/python benchmarks/digests.py --subscribers 50000 --practices 500

PostgreSQL only. The script creates the database named in DATABASE_URL and drops
it at the end (--keep keeps it); it refuses a database that holds tables it did
not make. It generates the practices in bulk (benchmarks/catalogue.py) with one
NEW change each in last week's window, and the subscribers with 1-3 subscriptions
each (themes, levers, régions and départements, saved searches). Then it times:

1. planning: `plan_period` for the period;
2. rendering: matching + composing every digest + building its MIME message
   (timed apart), as `digests.sending` does, in chunks of 2,000, no writes;
3. sending: `send_pending` (claim, render, SMTP, mark sent) through a local
   aiosmtpd server (a separate process that discards what it receives), for the
   first --send deliveries (the others are set aside), so the SMTP figure stays
   a few minutes long.

and counts the SQL statements of each phase.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = "rtes digests benchmark: safe to drop"
CHUNK = 2000
SEARCH_WORDS = [
    "insertion",
    "recyclerie",
    "tiers-lieux",
    "alimentation",
    "commande publique",
    "mobilité",
    "finance solidaire",
    "jeunes",
]


@contextmanager
def counted_queries():
    """Count the SQL statements run inside the block, by their first word."""
    from django.db import connection

    counts: Counter[str] = Counter()

    def count(execute, sql, params, many, context):
        counts[sql.lstrip().split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(args) -> None:
    from benchmarks.catalogue import CatalogueBuilder
    from benchmarks.search import build_site
    from digests.models import PracticeChange, Subscriber, Subscription
    from digests.planning import period_end, period_of
    from practices.models import Lever, Theme
    from territories.models import Territory

    build_site()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    ids = CatalogueBuilder(seed=args.seed).add(args.practices)
    end = period_end(period_of())
    PracticeChange.objects.bulk_create(
        PracticeChange(
            page_id=pk,
            kind="new",
            happened_at=end - dt.timedelta(minutes=rng.randint(1, 7 * 24 * 60)),
        )
        for pk in ids
    )
    print(f"{len(ids)} new practices in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    themes = list(Theme.objects.values_list("pk", flat=True))
    levers = list(Lever.objects.values_list("pk", flat=True))
    places = list(
        Territory.objects.filter(kind__in=["region", "departement"]).values_list(
            "pk", flat=True
        )
    )
    regions = list(
        Territory.objects.filter(kind="region").values_list("code", flat=True)
    )
    confirmed = end - dt.timedelta(days=30)
    subscribers = Subscriber.objects.bulk_create(
        (
            Subscriber(email=f"abonne{i}@bench.rtes.example", confirmed_at=confirmed)
            for i in range(args.subscribers)
        ),
        batch_size=5000,
    )
    subscriptions = []
    for person in subscribers:
        kinds = rng.choices(
            ["theme", "territory", "lever", "search"],
            weights=[6, 2, 1, 1],
            k=rng.choice([1, 1, 2, 3]),
        )
        for kind in dict.fromkeys(kinds):
            if kind == "theme":
                target = {"theme_id": rng.choice(themes)}
            elif kind == "lever":
                target = {"lever_id": rng.choice(levers)}
            elif kind == "territory":
                target = {"territory_id": rng.choice(places)}
            else:
                filters = (
                    {"region": [rng.choice(regions)]} if rng.random() < 0.5 else {}
                )
                target = {"query": rng.choice(SEARCH_WORDS), "filters": filters}
            subscriptions.append(Subscription(subscriber=person, kind=kind, **target))
    Subscription.objects.bulk_create(subscriptions, batch_size=5000)
    print(
        f"{len(subscribers)} subscribers, {len(subscriptions)} subscriptions "
        f"in {time.perf_counter() - started:.1f} s"
    )


def render_all(period, mime: bool = True) -> tuple[int, int, int, float]:
    """Match and compose every planned digest, build its MIME message; no writes."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives

    from digests.models import DigestDelivery
    from digests.rendering import DigestComposer
    from digests.selection import ChangeCatalogue, subscriptions_by_subscriber

    ids = list(
        DigestDelivery.objects.filter(period=period)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    composer = DigestComposer(period)
    catalogue = None
    rendered = empty = size = 0
    mime_s = 0.0
    for start in range(0, len(ids), CHUNK):
        deliveries = list(
            DigestDelivery.objects.filter(pk__in=ids[start : start + CHUNK])
            .select_related("subscriber")
            .order_by("pk")
        )
        if catalogue is None:
            catalogue = ChangeCatalogue(
                min(d.window_start for d in deliveries),
                max(d.window_end for d in deliveries),
            )
        subscriptions = subscriptions_by_subscriber(d.subscriber_id for d in deliveries)
        composer.prepare_labels(s for subs in subscriptions.values() for s in subs)
        for delivery in deliveries:
            groups = catalogue.digest(
                subscriptions[delivery.subscriber_id],
                delivery.window_start,
                delivery.window_end,
            )
            if not groups:
                empty += 1
                continue
            content = composer.compose(delivery.subscriber, groups)
            rendered += 1
            if not mime:
                size += len(content.html) + len(content.text)
                continue
            started = time.perf_counter()
            message = EmailMultiAlternatives(
                content.subject,
                content.text,
                settings.DEFAULT_FROM_EMAIL,
                [delivery.subscriber.email],
                headers={**content.headers, "Message-ID": content.message_id},
            )
            message.attach_alternative(content.html, "text/html")
            size += len(message.message().as_bytes())
            mime_s += time.perf_counter() - started
    return rendered, empty, size, mime_s


def send(period, limit: int):
    from django.conf import settings

    from digests.models import DigestDelivery
    from digests.sending import send_pending

    if limit:
        keep = list(
            DigestDelivery.objects.filter(period=period)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        # Benchmark only: the rest is set aside so the run stays short.
        DigestDelivery.objects.filter(period=period).exclude(pk__in=keep).update(
            status="empty"
        )
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            *(sys.executable, "-m", "aiosmtpd", "-n"),
            *("-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        return send_pending(period=period, batch=200)
    finally:
        server.terminate()
        server.wait()


def run(args) -> None:
    import django

    django.setup()
    import logging

    logging.getLogger("wagtail").setLevel(logging.WARNING)
    logging.getLogger("digests").setLevel(logging.WARNING)

    from digests.planning import period_of, plan_period

    print("load average:", ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    build(args)
    period = period_of()

    started = time.perf_counter()
    with counted_queries() as plan_queries:
        planned = plan_period(period)
    plan_s = time.perf_counter() - started
    print(
        f"\nplanning: {planned.planned} deliveries in {plan_s:.1f} s, "
        f"{sum(plan_queries.values())} SQL statements {dict(plan_queries)}"
    )

    started = time.perf_counter()
    with counted_queries() as render_queries:
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            rendered, empty, size, mime_s = profiler.runcall(render_all, period, False)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        else:
            rendered, empty, size, mime_s = render_all(period)
    render_s = time.perf_counter() - started
    print(
        f"rendering: {rendered} digests (+{empty} with nothing to send) in "
        f"{render_s:.1f} s = {rendered / render_s:.0f}/s, average "
        f"{size / max(rendered, 1) / 1024:.1f} KiB, of which building the MIME "
        f"messages {mime_s:.1f} s; "
        f"{sum(render_queries.values())} SQL statements {dict(render_queries)}"
    )
    print(f"planning + rendering: {plan_s + render_s:.1f} s")
    print("load average:", ", ".join(f"{x:.2f}" for x in os.getloadavg()))

    with counted_queries() as send_queries:
        report = send(period, args.send)
    print(
        f"sending over SMTP (claim, render, send, mark): {report.sent} sent, "
        f"{report.failed} failed in {report.seconds:.1f} s = "
        f"{report.sent / max(report.seconds, 1e-9):.0f}/s; "
        f"{sum(send_queries.values())} SQL statements {dict(send_queries)}"
    )
    print("load average:", ", ".join(f"{x:.2f}" for x in os.getloadavg()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--practices", type=int, default=500)
    parser.add_argument(
        "--send", type=int, default=10_000, help="digests sent over SMTP (0: all)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--profile", action="store_true", help="profile rendering")
    args = parser.parse_args()

    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtes_site.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["WAGTAILADMIN_BASE_URL"] = "https://rtes.example"
    from benchmarks import search as search_benchmark

    search_benchmark.MARKER = MARKER  # the same safety rule, this script's mark
    admin_url, name = search_benchmark.database_url()
    search_benchmark.prepare_database(admin_url, name)
    try:
        run(args)
    finally:
        if not args.keep:
            search_benchmark.drop_database(admin_url, name)


if __name__ == "__main__":
    main()
