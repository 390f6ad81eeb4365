"""``manage.py import_programs FILE``: programs from CSV or HSDS 3.0 JSON.

All or nothing: a bad row rejects the whole file with one message per bad row
(with --skip-bad, the bad rows are left out, listed, and the good ones imported).
Programs are matched on their stable identifier, so a second import of the same
file changes nothing; new and changed programs are drafts unless --publish.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata import importing, reading


class Command(BaseCommand):
    help = (
        "Import programs from a CSV file (docs/import-format.md) or an HSDS 3.0 "
        "JSON file. Nothing is written if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV or JSON file to import.")
        parser.add_argument(
            "--format",
            choices=["csv", "hsds"],
            help="csv or hsds (default: hsds for a .json file, else csv).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change; write nothing.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish new and changed programs (default: leave them as drafts "
            "for a curator to review).",
        )
        parser.add_argument(
            "--skip-bad",
            action="store_true",
            help="Import the good rows and leave out the bad ones, listing them "
            "(default: a bad row means nothing is imported).",
        )

    def handle(self, *args, path, format, dry_run, publish, skip_bad, **options):
        if format is None:
            format = "hsds" if path.lower().endswith(".json") else "csv"
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            rows = reading.read_rows(text, format)
            report = importing.import_programs(
                rows, publish=publish, dry_run=dry_run, skip_bad=skip_bad
            )
        except reading.ImportFailed as failure:
            raise CommandError(
                f"{path} was not imported; nothing was written.\n"
                + "\n".join(failure.messages)
            ) from failure
        if options["verbosity"] >= 2:
            for action in ("created", "updated", "unchanged", "published"):
                for external_id in getattr(report, action):
                    self.stdout.write(f"{action}: {external_id}")
        for message in report.left_out:
            self.stderr.write(f"Left out: {message}")
        self.stdout.write(report.summary())
