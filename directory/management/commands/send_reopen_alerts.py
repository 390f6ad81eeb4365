"""``manage.py send_reopen_alerts``: send the reopen e-mails the mail server refused
before, for every listing taking applications; meant to run hourly or daily (the
listing's next publish sends them too)."""

from django.core.management.base import BaseCommand

from directory.services.reopen_alerts import send_waiting
from home import mail


class Command(BaseCommand):
    help = "Send the reopen e-mails still waiting for listings that are open."

    def handle(self, *args, **options):
        handed_over = send_waiting()
        mail.wait_for_deliveries()
        self.stdout.write(f"handed {handed_over} reopen e-mail(s) to the mail server")
