"""Keep a practice's denormalised territory right when pages move."""

from wagtail.signals import post_page_move

from .models import PracticePage


def resync_moved_practice(instance, **kwargs):
    page = instance.specific
    if isinstance(page, PracticePage):
        page.sync_territory()
        PracticePage.objects.filter(pk=page.pk).update(territory_id=page.territory_id)


post_page_move.connect(resync_moved_practice)
