"""Admin forms for member territories."""

import datetime

from django import forms
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from .models import TerritoryPage


def _model_field_max_length(name: str) -> int:
    return TerritoryPage._meta.get_field(name).max_length


class MakeMemberForm(forms.Form):
    """What RTES knows when a territory joins; the rest is edited on its page.

    The presentation is plain text here, turned into paragraphs: the page editor
    offers rich text afterwards, and a plain field cannot fail on malformed editor
    data.
    """

    membership_date = forms.DateField(
        label=_("Member since"),
        initial=datetime.date.today,
        widget=AdminDateInput,
    )
    presentation = forms.CharField(
        label=_("Short presentation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text; leave a blank line between paragraphs."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=_model_field_max_length("website"),
        assume_scheme="https",
    )
    contact_name = forms.CharField(
        label=_("Contact name"),
        required=False,
        max_length=_model_field_max_length("contact_name"),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def clean_presentation(self) -> str:
        text = self.cleaned_data["presentation"].strip()
        # `linebreaks` escapes the text: what comes out is safe rich-text HTML.
        return linebreaks(text, autoescape=True) if text else ""
