"""Load the demo content: reference geography, member territories, practices, accounts.

Idempotent: each step finds what exists, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from rtes_site.bootstrap import editorial_group, setup_site
from rtes_site.demo_lineage import load_demo_lineage
from rtes_site.demo_media import load_demo_media
from rtes_site.members import members_group

import practices
import territories
from digests.demo import load_demo_subscriptions
from practices.models import PracticePage
from search.engines.base import EngineUnavailable
from search.indexing import reconcile
from territories.models import Territory, TerritoryPage
from territories.services import make_member

# Next to the apps' code, so that a non-editable install finds them too.
MEMBERS_FILE = Path(territories.__file__).parent / "data" / "demo_members.json"
PRACTICES_FILE = Path(practices.__file__).parent / "data" / "demo" / "practices.json"
DEFAULT_PASSWORD = "rtes-demo-2026"  # noqa: S105 - demo accounts only, documented
DEMO_EDITED_TERRITORY = ("departement", "94")
# The demo's stale practice ("à actualiser" for the Val-de-Marne editor, and on
# its public page the three-year note): last published and reviewed long ago.
DEMO_STALE_PRACTICE = "demo-cd94-equival"
DEMO_STALE_SINCE = datetime.datetime(2023, 6, 30, 10, 0, tzinfo=datetime.UTC)


class Command(BaseCommand):
    help = (
        "Load the demo content (territories, members, practices) and, in DEBUG or "
        "with --with-accounts, demo accounts. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-accounts",
            action="store_true",
            help="Create the demo accounts even when DEBUG is off.",
        )
        parser.add_argument(
            "--territories",
            metavar="PATH",
            help="Reference dataset for import_territories (default: shipped subset).",
        )

    def handle(self, *args, **options):
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        if options["verbosity"] < 2:
            # One "Page created/edited/published" line per page drowns the summary.
            wagtail_log.setLevel(logging.WARNING)
        try:
            self.load(options)
        finally:
            wagtail_log.setLevel(level)

    def load(self, options):
        quiet = {"verbosity": max(options["verbosity"] - 1, 0)}
        territory_args = [options["territories"]] if options["territories"] else []
        call_command("import_territories", *territory_args, **quiet)
        setup_site()
        created = load_members(MEMBERS_FILE)
        self.stdout.write(f"Member territories: {created} created.")
        call_command("import_practices", str(PRACTICES_FILE), **quiet)
        age_demo_stale_practice()
        images, documents = load_demo_media()
        self.stdout.write(
            f"Demo media: {images} images and {documents} documents created."
        )
        links = load_demo_lineage()
        self.stdout.write(f"Demo lineage: {links} links published.")
        try:
            run = reconcile()
        except EngineUnavailable:
            self.stdout.write(
                self.style.WARNING(
                    "Search engine unreachable: the worker will index the practices."
                )
            )
        else:
            repaired = run.missing + run.stale + run.extra
            self.stdout.write(f"Search index: {repaired} practices brought up to date.")

        digests = load_demo_subscriptions()
        self.stdout.write(
            f"Demo digests: {digests.sent} sent, {digests.failed} failed "
            "(subscribers: camille@, dominique@, sacha@demo.rtes.example)."
        )

        if settings.DEBUG or options["with_accounts"]:
            password = os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD)
            names = create_demo_accounts(password)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo accounts: {', '.join(names)} (password: {password})"
                )
            )
        else:
            self.stdout.write(
                "No demo account created (DEBUG is off; use --with-accounts)."
            )
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))


def age_demo_stale_practice() -> None:
    """Date the demo's stale practice back to its last review (the file sets
    `last_reviewed`; an import publishes today). The same values on every run."""
    PracticePage.objects.filter(external_id=DEMO_STALE_PRACTICE).update(
        last_published_at=DEMO_STALE_SINCE,
        latest_revision_created_at=DEMO_STALE_SINCE,
    )


def find_territory(ref: dict) -> Territory:
    """The reference territory named by a `{"kind", "insee"}` or `{"siren"}` ref."""
    kind, code = ref.get("kind"), ref.get("insee")
    if code and kind:
        found = Territory.objects.filter(kind=kind, code=code).first()
    elif ref.get("siren"):
        siren = ref["siren"]
        found = Territory.objects.filter(
            Q(kind=kind or Territory.Kind.EPCI, code=siren) | Q(siren=siren)
        ).first()
    else:
        found = None
    if found is None:
        raise CommandError(f"Territory {ref} is not in the reference data.")
    return found


@transaction.atomic
def load_members(path: Path) -> int:
    """Make each territory of the demo members file a member; return how many new."""
    created = 0
    for entry in json.loads(path.read_text(encoding="utf-8")):
        territory = find_territory(entry["territory"])
        if not TerritoryPage.objects.filter(territory=territory).exists():
            created += 1
        make_member(
            territory,
            membership_date=datetime.date.fromisoformat(entry["membership_date"]),
            presentation=entry.get("presentation", ""),
            website=entry.get("website", ""),
            contact_name=entry.get("contact_name", ""),
            contact_email=entry.get("contact_email", ""),
        )
    return created


@transaction.atomic
def create_demo_accounts(password: str) -> list[str]:
    """An administrator, an editorial reviewer, an editor of Val-de-Marne and a
    member (who sees the contacts, without admin access)."""
    kind, code = DEMO_EDITED_TERRITORY
    valdemarne = TerritoryPage.objects.get(territory__kind=kind, territory__code=code)
    accounts = [
        ("admin", {"is_staff": True, "is_superuser": True}, None),
        ("relecture", {}, editorial_group()),
        ("editeur-valdemarne", {}, valdemarne.editors_group),
        ("membre", {}, members_group()),
    ]
    for username, flags, group in accounts:
        user = demo_user(username, password, flags)
        if group is not None and not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
    return [username for username, _, _ in accounts]


def demo_user(username: str, password: str, flags: dict):
    """Get or create a demo user; (re)set its password only when it differs."""
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@example.fr", **flags},
    )
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    return user
