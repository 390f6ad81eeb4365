"""``manage.py export_programs``: every program as CSV or HSDS 3.0 JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata import exporting


class Command(BaseCommand):
    help = (
        "Export programs as CSV (default) or Open Referral HSDS 3.0 JSON, in the "
        "format import_programs reads. Includes drafts unless --live-only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            default="-",
            help="File to write (default: standard output).",
        )
        parser.add_argument(
            "--format",
            choices=["csv", "hsds"],
            help="csv or hsds (default: hsds for a .json output file, else csv).",
        )
        parser.add_argument(
            "--live-only",
            action="store_true",
            help="Only programs patients can see (live, public, not defunct).",
        )
        parser.add_argument(
            "--public",
            action="store_true",
            help="Leave out curators' fields (sources, curator and "
            "verification notes).",
        )

    def handle(self, *args, output, format, live_only, public, **options):
        if format is None:
            format = "hsds" if output.lower().endswith(".json") else "csv"
        pages = exporting.programs_for_export(live_only=live_only)
        if output == "-":
            count = self.write(format, pages, self.stdout, public)
        else:
            try:
                with Path(output).open("w", encoding="utf-8", newline="") as stream:
                    count = self.write(format, pages, stream, public)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error}") from error
            self.stderr.write(f"Exported {count} program(s) to {output}.")

    def write(self, format, pages, stream, public):
        if format == "csv":
            return exporting.write_csv(pages, stream, public=public)
        document = exporting.hsds_document(pages, public=public)
        stream.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return len(document["services"])
