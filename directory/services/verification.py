"""Curators' "mark verified today" and their claims on the listings they are
checking, each written to the page's history."""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from directory.models import ProgramPage, VerificationClaim
from directory.signals import programs_changed


class AlreadyClaimed(Exception):
    """Another curator is checking this listing (their claim is in ``claim``)."""

    def __init__(self, claim):
        super().__init__(f"{claim.program} is being checked by {claim.claimed_by}")
        self.claim = claim


def mark_verified(ids, user):
    """Set ``last_verified_at`` (today) and ``verified_by`` on the live rows and on
    the latest and live revisions of each program, so a later publish keeps them,
    without publishing anything that is waiting for review. The check is done, so
    any claim on these listings is released."""
    today = timezone.localdate()
    with transaction.atomic():
        ProgramPage.objects.filter(pk__in=ids).update(
            last_verified_at=today, verified_by=user
        )
        VerificationClaim.objects.filter(program_id__in=ids).delete()
        for page in ProgramPage.objects.filter(pk__in=ids).select_related(
            "latest_revision", "live_revision"
        ):
            for revision in {page.latest_revision, page.live_revision} - {None}:
                revision.content["last_verified_at"] = today.isoformat()
                revision.content["verified_by"] = user.pk if user else None
                revision.save(update_fields=["content"])
            log(page, "directory.verify", user=user)
        programs_changed.send(sender=ProgramPage, ids=list(ids))


def claim(program, user):
    """Record that ``user`` is checking ``program`` and return the claim (``created``
    is false if it was already theirs). Raises ``AlreadyClaimed`` if another
    curator's claim holds; a lapsed one is replaced. One claim per listing is kept
    by the database, so two curators clicking at once can't both get it."""
    with transaction.atomic():
        VerificationClaim.objects.lapsed().filter(program=program).delete()
        current, created = VerificationClaim.objects.get_or_create(
            program=program, defaults={"claimed_by": user}
        )
        if current.claimed_by_id != user.pk:
            raise AlreadyClaimed(current)
        if created:
            log(program, "directory.claim", user=user)
    return current, created


def release(program, user):
    """Release ``user``'s own claim on ``program``; return whether there was one."""
    with transaction.atomic():
        released, _ = (
            VerificationClaim.objects.active()
            .filter(program=program, claimed_by=user)
            .delete()
        )
        if released:
            log(program, "directory.claim.release", user=user)
    return bool(released)
