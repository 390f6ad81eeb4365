"""Curators' "mark verified today"."""

from django.db import transaction
from django.utils import timezone

from directory.models import ProgramPage
from directory.signals import programs_changed


def mark_verified(ids, user):
    """Set ``last_verified_at`` (today) and ``verified_by`` on the live rows and on
    the latest and live revisions of each program, so a later publish keeps them,
    without publishing anything that is waiting for review."""
    today = timezone.localdate()
    with transaction.atomic():
        ProgramPage.objects.filter(pk__in=ids).update(
            last_verified_at=today, verified_by=user
        )
        for page in ProgramPage.objects.filter(pk__in=ids).select_related(
            "latest_revision", "live_revision"
        ):
            for revision in {page.latest_revision, page.live_revision} - {None}:
                revision.content["last_verified_at"] = today.isoformat()
                revision.content["verified_by"] = user.pk if user else None
                revision.save(update_fields=["content"])
        programs_changed.send(sender=ProgramPage, ids=list(ids))
