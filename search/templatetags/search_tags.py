"""Pieces of the search page rendered in Python: a facet group has up to a
hundred values (the départements), which the template language renders ten
times slower."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

CHECKBOX = (
    '<div class="check"><input type="checkbox" name="{0}" value="{1}"'
    ' id="f-{0}-{1}"{2}><label for="f-{0}-{1}">{3} <span class="count">({4}'
    '<span class="visually-hidden"> {5}</span>)</span></label></div>'
)


@register.simple_tag
def facet_checkboxes(group, content_lang=""):
    """The checkboxes of one facet group, each labelled with its count."""
    practices = _("practices")
    label_lang = content_lang if group.labels_are_content else ""
    return format_html_join(
        "\n",
        CHECKBOX,
        (
            (
                group.name,
                value.value,
                mark_safe(" checked") if value.selected else "",
                format_html("<span{}>{}</span>", label_lang, value.label)
                if label_lang
                else value.label,
                value.count,
                practices,
            )
            for value in group.values
        ),
    )
