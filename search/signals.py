"""Wagtail and model signals that keep every search backend in step (through
``search.indexing``): publish, unpublish, delete, move, privacy changes and renames
of what a result card shows."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.models import (
    DirectoryIndexPage,
    NeedCategory,
    Organisation,
    ProgramPage,
    Region,
)
from directory.signals import programs_changed
from search import count_cache, indexing


@receiver(page_published, sender=ProgramPage)
@receiver(page_unpublished, sender=ProgramPage)
def program_published_or_unpublished(sender, instance, **kwargs):
    indexing.programs_changed([instance.pk])


@receiver(programs_changed)
def programs_changed_outside_publish(sender, ids, **kwargs):
    indexing.programs_changed(ids)


@receiver(post_delete, sender=ProgramPage)
def program_deleted(sender, instance, **kwargs):
    indexing.programs_changed([instance.pk])


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    """A moved program, or a moved directory (every URL changes)."""
    specific = instance.specific_class
    if specific is ProgramPage:
        indexing.programs_changed([instance.pk])
    elif specific is DirectoryIndexPage or instance.get_descendants().type(ProgramPage):
        indexing.programs_changed(
            ProgramPage.objects.descendant_of(instance).values_list("pk", flat=True)
        )


@receiver([post_save, post_delete], sender=PageViewRestriction)
def privacy_changed(sender, instance, **kwargs):
    """Programs under a page made private leave search; made public, come back."""
    indexing.programs_changed(
        ProgramPage.objects.descendant_of(instance.page, inclusive=True).values_list(
            "pk", flat=True
        )
    )


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, created, **kwargs):
    if not created:
        indexing.programs_changed(instance.programs.values_list("pk", flat=True))


@receiver(post_save, sender=NeedCategory)
def need_saved(sender, instance, created, **kwargs):
    if not created:
        indexing.programs_changed(instance.programs.values_list("pk", flat=True))


@receiver(pre_delete, sender=NeedCategory)
def need_deleting(sender, instance, **kwargs):
    """Its programs, noted before the delete takes them off it."""
    instance._program_ids = list(instance.programs.values_list("pk", flat=True))


@receiver(post_delete, sender=NeedCategory)
def need_deleted(sender, instance, **kwargs):
    indexing.programs_changed(getattr(instance, "_program_ids", []))


@receiver(post_save, sender=Region)
def region_saved(sender, instance, created, **kwargs):
    if not created:
        programs = ProgramPage.objects.filter(
            regions__in=[instance, *instance.children.all()]
        )
        indexing.programs_changed(programs.values_list("pk", flat=True).distinct())


@receiver([post_save, post_delete], sender=NeedCategory)
@receiver([post_save, post_delete], sender=Region)
def taxonomy_changed(sender, **kwargs):
    """A need or place renamed, added or removed changes facet labels and what a
    slug means: every worker's cached search answers are stale (the taxonomy
    version is in the shared cache, which may be per process or down)."""
    count_cache.bump()
