"""Editor panels of the practice page that need more than Wagtail's own."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel
from wagtail.permissions import page_permission_policy

UNKNOWN_PRACTICE = _(
    "This practice does not exist (any more): choose one with the “Choose a page” "
    "button."
)


class SourceChoiceField(forms.ModelChoiceField):
    """The source of an inspiration: a forged or stale id is said in words
    (Django's "Select a valid choice" says nothing), and an id too large for
    SQLite's integers is one too, not a server error."""

    default_error_messages = {"invalid_choice": UNKNOWN_PRACTICE}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError as error:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class InspirationFormSet(BaseChildFormSet):
    """The practices a practice was inspired by: published ones, each named once,
    never the practice itself.

    A source that the page already names and that has been unpublished since
    stays accepted (it is hidden from the public meanwhile): its territory's
    choice must not stop another territory's editors from saving their page.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if field := form.fields.get("source"):
            form.fields["source"] = SourceChoiceField(
                queryset=field.queryset,
                required=field.required,
                widget=field.widget,
                label=field.label,
                help_text=field.help_text,
            )

    def clean(self):
        page = self.instance
        held = {link.source_id for link in getattr(page, self.rel_name).all()}
        seen = set()
        for form in self.forms:
            if "source" in form.errors:  # a forged id: "abc", 1.5, no such page
                self._forget_source(form)
            if self.can_delete and self._should_delete_form(form):
                continue
            source = getattr(form, "cleaned_data", {}).get("source")
            if source is None:
                continue
            if page.pk is not None and source.pk == page.pk:
                error = _("A practice cannot be inspired by itself.")
            elif source.pk in seen:
                error = _(
                    "“%(title)s” is named twice: name it once, and say everything "
                    "in its note."
                ) % {"title": source.title}
            elif not source.live and source.pk not in held:
                if not self._may_see(form, source):
                    self._forget_source(form)
                    error = UNKNOWN_PRACTICE
                else:
                    error = _(
                        "“%(title)s” is not published: only a published practice "
                        "can be named."
                    ) % {"title": source.title}
            else:
                seen.add(source.pk)
                continue
            form.add_error("source", error)
        super().clean()

    @staticmethod
    def _may_see(form, source) -> bool:
        """Whether the editor may see this draft: the page chooser shows them
        another territory's practices only once published."""
        user = getattr(form, "for_user", None)
        return (
            user is not None
            and page_permission_policy.user_has_permission_for_instance(
                user, "change", source
            )
        )

    @staticmethod
    def _forget_source(form) -> None:
        """Show the form again without the refused id: its chooser would print
        the title of the draft it names, or fail on an id that is no number."""
        form.data = form.data.copy()
        form.data[form.add_prefix("source")] = ""


class InspirationsPanel(InlinePanel):
    """The InlinePanel of a practice's sources, checked by `InspirationFormSet`."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name].update(
            formset=InspirationFormSet, inherit_kwargs=["for_user"]
        )
        return options
