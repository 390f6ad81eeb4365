"""``manage.py prune_reopen_alerts``: delete reopen alerts unconfirmed for 7 days
and all older than 12 months; meant to run daily (every new subscription prunes
too, so the limits hold without it)."""

from django.core.management.base import BaseCommand

from directory.services.reopen_alerts import prune


class Command(BaseCommand):
    help = (
        "Delete reopen alerts unconfirmed for 7 days and every alert older than "
        "12 months."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"deleted {prune()} reopen alert(s)")
