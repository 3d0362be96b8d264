"""Membership of a reference territory in RTES."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .media import SHARED_COLLECTION_NAME
from .models import Territory, TerritoryIndexPage, TerritoryPage

EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock", "unlock")
EDITOR_MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


def shared_collection() -> Collection:
    """The collection every territory's editors may choose from (RTES's own files)."""
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=SHARED_COLLECTION_NAME).first() or (
        root.add_child(name=SHARED_COLLECTION_NAME)
    )


def editors_group_name(territory: Territory) -> str:
    return f"Éditeurs – {territory.name} ({territory.code})"


@transaction.atomic
def make_member(
    territory: Territory,
    *,
    membership_date: datetime.date | None = None,
    presentation: str = "",
    website: str = "",
    contact_name: str = "",
    contact_email: str = "",
    live: bool = True,
) -> TerritoryPage:
    """Make a territory a member: its page, its editors' group, its media collection.

    Calling it again for a member returns the existing page and repairs what is
    missing (group, permissions, collection); it never creates a second page.
    """
    page = TerritoryPage.objects.filter(territory=territory).first()
    if page is None:
        index = TerritoryIndexPage.objects.get()
        page = TerritoryPage(
            title=territory.name,
            slug=unique_child_slug(index, slugify(territory.name) or territory.code),
            territory=territory,
            membership_date=membership_date or datetime.date.today(),
            presentation=presentation,
            website=website,
            contact_name=contact_name,
            contact_email=contact_email,
            live=False,
        )
        index.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()

    # Found again by name when the territory rejoins after its page was deleted:
    # the group and the collection outlive the page (and the collection holds the
    # territory's files).
    group = (
        page.editors_group
        or Group.objects.get_or_create(name=editors_group_name(territory))[0]
    )
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    for permission_type in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore",
                codename=f"{permission_type}_page",
            ),
        )

    collection = page.collection
    if collection is None:
        root = Collection.get_first_root_node()
        name = f"{territory.name} ({territory.code})"
        collection = root.get_children().filter(name=name).first() or root.add_child(
            name=name
        )
    for app_label, codename in EDITOR_MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ),
        )

    for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=shared_collection(),
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=f"choose_{model}"
            ),
        )

    if page.editors_group_id != group.pk or page.collection_id != collection.pk:
        page.editors_group, page.collection = group, collection
        TerritoryPage.objects.filter(pk=page.pk).update(
            editors_group=group, collection=collection
        )
    return page


def unique_child_slug(parent, base: str) -> str:
    """A slug not yet used among the parent's children."""
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
