"""Blocks for guides: plain text, a highlighted callout, a checklist and a list of
related programs."""

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


class RelatedProgramsBlock(blocks.StructBlock):
    """Programs a guide points to, chosen by the editor; only those patients can see
    (live, public, not defunct) are shown."""

    heading = blocks.CharBlock(
        max_length=120,
        default="Programs that can help",
        help_text="E.g. “Where to apply”.",
    )
    programs = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="directory.ProgramPage"), min_num=1
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/related_programs_block.html"

    def get_context(self, value, parent_context=None):
        from directory.models import ProgramPage

        context = super().get_context(value, parent_context=parent_context)
        ids = [page.pk for page in value["programs"] if page]
        visible = {
            page.pk: page
            for page in ProgramPage.objects.visible()
            .filter(pk__in=ids)
            .select_related("organisation")
        }
        context["visible_programs"] = [visible[i] for i in ids if i in visible]
        return context


class GuideStreamBlock(blocks.StreamBlock):
    """The body of a guide."""

    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    callout = CalloutBlock()
    checklist = ChecklistBlock()
    related_programs = RelatedProgramsBlock()
