"""StreamField blocks of a practice page.

Every block has a label, an icon and a group, so that the "+" menu of the
editor names what it adds ("Intertitre", "Paragraphe"...) rather than showing
bare symbols.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from territories.media import RICH_TEXT_FEATURES

TEXT = _("Text")
MEDIA = _("Images and quotes")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    author = blocks.CharBlock(
        label=_("author"),
        required=False,
        help_text=_("Name and role, e.g. “Marie Dupont, director of the SIAE”."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class DescriptionBlock(blocks.StreamBlock):
    """The free-form description of the measure."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        icon="title",
        group=TEXT,
        form_classname="title",
        template="blocks/heading_block.html",
        help_text=_("A short heading that splits a long description."),
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), icon="pilcrow", group=TEXT, features=RICH_TEXT_FEATURES
    )
    image = ImageBlock(
        label=_("Image"),
        icon="image",
        group=MEDIA,
        template="blocks/image_block.html",
    )
    quote = QuoteBlock(label=_("Quote"), icon="openquote", group=MEDIA)


class StepBlock(blocks.StructBlock):
    """One implementation step: what was done and when."""

    title = blocks.CharBlock(label=_("step"))
    period = blocks.CharBlock(
        label=_("when"), required=False, help_text=_("e.g. “Spring 2009”, “2010–2012”")
    )
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "blocks/step_block.html"


class StepsBlock(blocks.StreamBlock):
    step = StepBlock(label=_("Step"), icon="list-ol")
