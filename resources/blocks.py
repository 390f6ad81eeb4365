"""Blocks for guides: plain text, a highlighted callout and a checklist."""

from wagtail import blocks


class CalloutBlock(blocks.StructBlock):
    """A short highlighted note, e.g. a tip or a warning."""

    heading = blocks.CharBlock(
        max_length=120, required=False, help_text="Optional, e.g. “Tip”."
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"


class ChecklistBlock(blocks.StructBlock):
    """A list of things to do or gather, printed as tick boxes."""

    heading = blocks.CharBlock(max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(max_length=255), min_num=1)

    class Meta:
        icon = "tasks"
        template = "blocks/checklist_block.html"


class GuideStreamBlock(blocks.StreamBlock):
    """The body of a guide."""

    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    callout = CalloutBlock()
    checklist = ChecklistBlock()
