"""``manage.py check_links``: check the live listings' links (see README,
"Link checks"); meant to run from cron or a systemd timer."""

from django.core.management.base import BaseCommand

from directory.services.link_checks import check_links, programs_to_check


class Command(BaseCommand):
    help = (
        "Check every visible program's application link and organisation website; "
        "a second failure in a row opens a 'broken link' problem report."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, help="Check at most this many programs."
        )
        parser.add_argument("--program", type=int, help="Check only this program id.")

    def handle(self, *args, limit=None, program=None, **options):
        summary = check_links(programs_to_check(program_id=program, limit=limit))
        self.stdout.write(
            f"checked {summary.checked}, ok {summary.ok}, moved {summary.moved}, "
            f"failed {summary.failed}, reports opened {summary.reports_opened}"
        )
