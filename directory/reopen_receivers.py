"""Reopen alerts follow publishes: a listing published as taking applications (or
changed so outside a publish, as by an import) e-mails those waiting for it."""

from django.dispatch import receiver

from wagtail.signals import page_published

from directory.models import ProgramPage
from directory.services.reopen_alerts import alert_after_commit, is_open
from directory.signals import programs_changed


@receiver(page_published, sender=ProgramPage)
def program_published(sender, instance, **kwargs):
    if is_open(instance):
        alert_after_commit([instance.pk])


@receiver(programs_changed)
def programs_changed_outside_publish(sender, ids, **kwargs):
    alert_after_commit(ids)
