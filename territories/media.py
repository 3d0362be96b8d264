"""Images and documents stay inside their territory.

Each member territory has its collection (`services.make_member`); its editors
may choose from it and from the shared collection, nothing else. Wagtail's
choosers already list only those, but a page form accepts any id it is sent, so
the page forms check every image and document they are given here. Who may
download a document is decided by `may_download`.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.permissions import policy_registry

SHARED_COLLECTION_NAME = "Médiathèque partagée RTES"

# The rich-text features of pages edited by territories: no embedded image or
# document link, whose ids would escape the checks below.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def _policy(model):
    """The permission policy of the image or document model; None for others."""
    if model in (get_image_model(), get_document_model()):
        return policy_registry.get_by_type(model)
    return None


def choosable(user, model):
    """The images or documents `user` may attach to a page."""
    return _policy(model).instances_user_has_any_permission_for(user, ["choose"])


def may_see(user, item: AbstractImage | AbstractDocument) -> bool:
    """Whether the item lies in a collection `user` may choose from or change."""
    return _policy(type(item)).user_has_any_permission_for_instance(
        user, ["choose", "change"], item
    )


def chosen_media(value) -> Iterator[AbstractImage | AbstractDocument]:
    """The images and documents held anywhere in a StreamField value."""
    if isinstance(value, AbstractImage | AbstractDocument):
        yield value
    elif hasattr(value, "raw_data"):  # StreamValue
        for child in value:
            yield from chosen_media(child.value)
    elif isinstance(value, dict):  # StructValue
        for item in value.values():
            yield from chosen_media(item)
    elif isinstance(value, list | tuple):  # ListValue and plain lists
        for item in value:
            yield from chosen_media(item)


class ScopedMediaPageForm(WagtailAdminPageForm):
    """A page form that refuses images and documents the editor may not choose.

    Choice fields (and those of inline panels) get a queryset limited to what
    the editor may choose, plus what the page already holds: a file chosen by
    the editorial team stays when a territory editor saves the page again.
    StreamField values are checked in `clean`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        forms = [self]
        for formset in self.formsets.values():
            forms += [*formset.forms, formset.empty_form]
        for form in forms:
            self._limit_choices(form)

    def _limit_choices(self, form) -> None:
        for name, field in form.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is None or _policy(model) is None:
                continue
            current = getattr(form.instance, f"{name}_id", None)
            field.queryset = model.objects.filter(
                Q(pk__in=choosable(self.for_user, model)) | Q(pk=current)
            )

    def clean(self):
        cleaned_data = super().clean()
        if self.for_user is None:
            return cleaned_data
        for name, value in list(cleaned_data.items()):
            if not hasattr(value, "raw_data"):
                continue
            held = {(type(m), m.pk) for m in chosen_media(getattr(self.instance, name))}
            new = [m for m in chosen_media(value) if (type(m), m.pk) not in held]
            for model in {type(item) for item in new}:
                allowed = set(
                    choosable(self.for_user, model)
                    .filter(pk__in=[m.pk for m in new if type(m) is model])
                    .values_list("pk", flat=True)
                )
                for item in new:
                    if type(item) is model and item.pk not in allowed:
                        self.add_error(
                            name,
                            _("“%(title)s” belongs to another territory's collection.")
                            % {"title": item.title},
                        )
        return cleaned_data
