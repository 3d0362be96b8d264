"""What changes a practice's document, and schedules its index update.

Each receiver finds the practices affected and calls `tasks.schedule`, which
records them in the current transaction and sends the tasks after commit.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from practices.models import (
    Audience,
    Lever,
    PracticeDocument,
    PracticeInspiration,
    PracticePage,
    Theme,
)
from territories.importer import territories_renamed
from territories.models import Territory, TerritoryPage

from .tasks import schedule


def practices_under(page) -> list[int]:
    return list(PracticePage.objects.descendant_of(page).values_list("pk", flat=True))


def practice_changed(sender, instance, **kwargs):
    schedule([instance.pk])


def sources_of(page_id: int) -> list[int]:
    """The practices this one says it was inspired by."""
    return list(
        PracticeInspiration.objects.filter(page_id=page_id).values_list(
            "source_id", flat=True
        )
    )


def adaptation_changed(sender, instance, **kwargs):
    """A practice published or unpublished: its sources' "adapted" may change."""
    schedule([instance.pk, *sources_of(instance.pk)])


def inspiration_saving(sender, instance, **kwargs):
    """A lineage row written (at publication, as the page's other rows): its
    source, and the one it named before if it changed."""
    ids = [instance.source_id]
    if instance.pk is not None:
        ids += PracticeInspiration.objects.filter(pk=instance.pk).values_list(
            "source_id", flat=True
        )
    schedule(ids)


def inspiration_deleted(sender, instance, **kwargs):
    schedule([instance.source_id])


# Wagtail fills these in on first use (`get_file_size`, `get_file_hash`): the
# document's title and file are the same.
FILE_METADATA = frozenset({"file_size", "file_hash"})


def document_saved(sender, instance, created, update_fields=None, **kwargs):
    """A document's title or file changed: the practices attaching it."""
    if not created and not (update_fields and set(update_fields) <= FILE_METADATA):
        schedule(
            PracticeDocument.objects.filter(document=instance).values_list(
                "page_id", flat=True
            )
        )


def document_deleted(sender, instance, **kwargs):
    # Read before the attachments cascade away with it.
    schedule(
        PracticeDocument.objects.filter(document=instance).values_list(
            "page_id", flat=True
        )
    )


def sources_of_all(page_ids: list[int]) -> list[int]:
    return list(
        PracticeInspiration.objects.filter(page_id__in=page_ids).values_list(
            "source_id", flat=True
        )
    )


def page_moved(sender, instance, **kwargs):
    specific = instance.specific_class
    if specific is PracticePage:
        # Into another territory, an adaptation may count for its sources or not.
        schedule([instance.pk, *sources_of(instance.pk)])
    elif specific is TerritoryPage:  # the practices' URLs changed
        schedule(practices_under(instance))


def privacy_changed(sender, instance, **kwargs):
    """A view restriction set or lifted: the practices under it enter or leave
    the index, and count as adaptations of their sources or not."""
    # Read again: deleted with its page, the restriction outlives the page row.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    ids = practices_under(page)
    if page.specific_class is PracticePage:
        ids.append(page.pk)
    schedule([*ids, *sources_of_all(ids)])


def membership_changed(sender, instance, **kwargs):
    schedule(practices_under(instance))


def term_saved(sender, instance, created, **kwargs):
    if not created:
        schedule(instance.practicepage_set.values_list("pk", flat=True))


def term_deleted(sender, instance, **kwargs):
    # Read before the links go: after deletion nobody knows who used the term.
    schedule(instance.practicepage_set.values_list("pk", flat=True))


def practices_naming(territory_ids) -> list[int]:
    """Practices whose documents name one of these territories."""
    return list(
        PracticePage.objects.filter(
            Q(territory__in=territory_ids)
            | Q(territory__region__in=territory_ids)
            | Q(territory__departement__in=territory_ids)
            | Q(partner_territories__in=territory_ids)
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def territory_saved(sender, instance, created, **kwargs):
    if not created:
        schedule(practices_naming([instance.pk]))


def territories_renamed_in_bulk(sender, pks, **kwargs):
    schedule(practices_naming(pks))


def connect() -> None:
    page_published.connect(adaptation_changed, sender=PracticePage)
    page_unpublished.connect(adaptation_changed, sender=PracticePage)
    post_delete.connect(practice_changed, sender=PracticePage)
    # Deleting a practice deletes its lineage rows: `inspiration_deleted`.
    pre_save.connect(inspiration_saving, sender=PracticeInspiration)
    post_delete.connect(inspiration_deleted, sender=PracticeInspiration)
    post_save.connect(privacy_changed, sender=PageViewRestriction)
    post_delete.connect(privacy_changed, sender=PageViewRestriction)
    post_save.connect(document_saved, sender=get_document_model())
    pre_delete.connect(document_deleted, sender=get_document_model())
    post_page_move.connect(page_moved)
    page_published.connect(membership_changed, sender=TerritoryPage)
    page_unpublished.connect(membership_changed, sender=TerritoryPage)
    for taxonomy in (Theme, Lever, Audience):
        post_save.connect(term_saved, sender=taxonomy)
        pre_delete.connect(term_deleted, sender=taxonomy)
    post_save.connect(territory_saved, sender=Territory)
    territories_renamed.connect(territories_renamed_in_bulk)
