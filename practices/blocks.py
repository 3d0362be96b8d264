"""StreamField blocks of a practice page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from territories.media import RICH_TEXT_FEATURES


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    author = blocks.CharBlock(label=_("author"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class DescriptionBlock(blocks.StreamBlock):
    """The free-form description of the measure."""

    heading = blocks.CharBlock(
        label=_("heading"), form_classname="title", template="blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(label=_("paragraph"), features=RICH_TEXT_FEATURES)
    image = ImageBlock(label=_("image"), template="blocks/image_block.html")
    quote = QuoteBlock(label=_("quote"))


class StepBlock(blocks.StructBlock):
    """One implementation step: what was done and when."""

    title = blocks.CharBlock(label=_("step"))
    period = blocks.CharBlock(
        label=_("when"), required=False, help_text=_("e.g. “Spring 2009”, “2010–2012”")
    )
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "list-ol"
        template = "blocks/step_block.html"


class StepsBlock(blocks.StreamBlock):
    step = StepBlock(label=_("step"))
