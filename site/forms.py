"""Forms of the site's own making."""

from operator import attrgetter

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from search.facets import ASCII_ID
from territories.models import Territory
from territories.text import alphabetical


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, with a translated label on the password field.

    Wagtail leaves the label out, so Django derives an untranslated "Password"
    from the field name.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


def member_territories():
    """Territories with a live member page, régions included, in French order."""
    return Territory.objects.filter(member_page__live=True).order_by("name")


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name

    def clean(self, value):
        # Ids the database cannot hold (SQLite: OverflowError) are refused as
        # unknown choices, before any query.
        if value not in self.empty_values and not ASCII_ID.fullmatch(str(value)):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().clean(value)


class DescribedFieldsMixin:
    """Widgets pointing at their hint and error (aria-describedby, aria-invalid),
    with the ids `rtes_site/includes/field.html` gives them."""

    def describe_fields(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-hint")
            if self.is_bound and bound.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        self.describe_fields()


class MemberAuthenticationForm(DescribedFieldsMixin, AuthenticationForm):
    """Django's sign-in form; its errors point from the fields to their message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()


class MembershipRequestForm(DescribedFieldsMixin, forms.Form):
    """Asking the RTES team for a member account.

    `website` is a trap for robots: hidden from people (and screen readers), a
    filled-in one means the form was not sent by a person.
    """

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your professional e-mail address"),
        max_length=254,
        help_text=_("The account will be created with this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    territory = TerritoryChoiceField(
        label=_("Your member territory"),
        queryset=Territory.objects.none(),
        empty_label=_("Choose a territory"),
    )
    role = forms.CharField(
        label=_("Your role"),
        max_length=150,
        help_text=_("e.g. “ESS project officer, economic development department”"),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        territories = alphabetical(member_territories(), attrgetter("name"))
        self.fields["territory"].queryset = member_territories()
        # The order French readers expect, whatever the database's collation.
        self.fields["territory"].choices = [
            ("", self.fields["territory"].empty_label)
        ] + [(t.pk, t.name) for t in territories]
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off"}
        )
        self.describe_fields()

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class ContactMessageForm(DescribedFieldsMixin, forms.Form):
    """A member's message to the contact of a practice (the address is not shown)."""

    prefix = "contact"  # on the practice page, beside the site's other forms

    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        help_text=_("At most 5,000 characters."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def clean_subject(self) -> str:
        # A subject is one line of an e-mail header.
        return " ".join(self.cleaned_data["subject"].split())
