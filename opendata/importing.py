"""Importing programs into the directory, all or nothing, from the rows
``reading`` gives (CSV or HSDS 3.0 JSON, the formats ``exporting`` writes).

Every row is checked first, each bad row gets one message naming its row and every
problem in it, and a single bad row means nothing is written (unless ``skip_bad``,
as the admin's import does: then the bad rows are left out and listed, and the good
ones imported). Programs are matched
on their stable identifier (``external_id``), so importing the same file twice
changes nothing. New and changed programs become draft revisions unless ``publish``
is asked for. Organisations are matched by name; a new one is created with the
file's details, an existing one is left as curators keep it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from directory.models import DirectoryIndexPage, Organisation, ProgramPage
from directory.program_fields import apply_values, free_slug, values_of, ways_after
from opendata import hsds
from opendata.reading import ImportFailed, as_text
from opendata.row_cleaning import Vocabulary, clean_row

NEW_PROGRAM_NEEDS = ("title", "summary", "need_categories", "nationwide")


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), by stable identifier:
    ``changes`` names the fields each updated program changes, ``titles`` each
    program's title, ``left_out`` the message of each bad row skipped."""

    dry_run: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    published: list = field(default_factory=list)
    left_out: list = field(default_factory=list)
    changes: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)

    def summary(self):
        text = (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged; {len(self.published)} published."
        )
        if self.left_out:
            text += f" {len(self.left_out)} bad row(s) left out."
        if self.dry_run:
            text = f"Dry run (nothing was written): {text}"
        return text

    def outcome(self):
        """Everything the import does, apart from whether it was a dry run: equal
        outcomes mean a preview and a real import of a file do the same."""
        return {
            name: getattr(self, name)
            for name in (
                "created",
                "updated",
                "unchanged",
                "published",
                "left_out",
                "changes",
                "titles",
            )
        }


def import_programs(
    rows, *, publish=False, dry_run=False, parent=None, skip_bad=False, user=None
):
    """Check every row, then write them in one transaction (rolled back in a dry
    run), as ``user`` in the pages' history. Raises ImportFailed, having written
    nothing, if any row is bad; with ``skip_bad``, leaves the bad rows out instead
    and names them in the report's ``left_out``."""
    parent = parent or DirectoryIndexPage.objects.first()
    if parent is None:
        raise ImportFailed(["There is no directory page to import programs under."])
    if not rows:
        raise ImportFailed(["The file has no programs in it."])
    _check_rows(rows, parent)
    bad = [_row_message(row) for row in rows if row.errors]
    if bad and not skip_bad:
        raise ImportFailed(bad)

    report = ImportReport(dry_run=dry_run, left_out=bad)
    with transaction.atomic():
        organisations = {}
        for row in rows:
            if row.errors:
                continue
            known = dict(organisations)
            try:
                with transaction.atomic():  # a row that fails leaves nothing behind
                    outcome = _write_row(row, parent, organisations, publish, user)
            except ValidationError as error:  # a rule only saving could see
                message = f"{row.label}: {' '.join(error.messages)}"
                if not skip_bad:
                    raise ImportFailed([message]) from error
                report.left_out.append(message)
                organisations.clear()
                organisations.update(known)
                continue
            _record(report, row, *outcome)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _row_message(row):
    """One message for a bad row: its label and every problem in it."""
    return f"{row.label}: {'; '.join(_unique(row.errors))}."


def _unique(messages):
    return list(dict.fromkeys(message.rstrip(".") for message in messages))


def _record(report, row, action, changed, published):
    external_id = row.values["external_id"]
    getattr(report, action).append(external_id)
    report.titles[external_id] = row.values.get("title") or row.match.title
    if changed and action == "updated":
        report.changes[external_id] = changed
    if published:
        report.published.append(external_id)


# --- Checking the file ---


def _check_rows(rows, parent):
    """Each row on its own, then the file as a whole: identifiers used twice, each
    row's match in the database, slugs, and what a new program must give."""
    vocabulary = Vocabulary()
    for row in rows:
        if not row.errors:
            clean_row(row, vocabulary)
    _check_identifiers(rows)
    _match_programs(rows)
    _assign_slugs(rows, parent)
    for row in rows:
        if row.match is None and not row.errors:
            missing = [name for name in NEW_PROGRAM_NEEDS if name not in row.values]
            if missing:
                row.errors.append(f"a new program needs {', '.join(missing)}")


def _check_identifiers(rows):
    """No two rows may share a stable identifier (in any case)."""
    first_seen = {}
    for row in rows:
        external_id = row.values.get("external_id")
        if not external_id:
            continue
        key = external_id.lower()
        if key in first_seen:
            row.errors.append(
                f"external_id '{external_id}' is already used on "
                f"{first_seen[key].label.lower()}"
            )
        else:
            first_seen[key] = row


def _match_programs(rows):
    """Each row's program in the database: by ``external_id``, or by translation
    key for a program exported without one."""
    ids = [row.values["external_id"] for row in rows if row.values.get("external_id")]
    keys = [hsds.canonical_uuid(value) for value in ids]
    matches = {}
    for page in ProgramPage.objects.filter(external_id__in=ids):
        matches.setdefault(page.external_id.lower(), []).append(page)
    for page in ProgramPage.objects.filter(
        external_id="", translation_key__in=[key for key in keys if key]
    ):
        matches.setdefault(str(page.translation_key), []).append(page)
    for row in rows:
        found = matches.get(as_text(row.values.get("external_id")).lower(), [])
        if len(found) > 1:
            row.errors.append(
                f"external_id '{row.values['external_id']}' matches "
                f"{len(found)} programs: make them unique in the admin first"
            )
        elif found:
            row.match = found[0]


def _assign_slugs(rows, parent):
    """Give new programs without a slug one made from the title, and reject a slug
    that another program or another row already uses."""
    taken = dict(ProgramPage.objects.child_of(parent).values_list("slug", "pk"))
    used_in_file = {}
    for row in rows:
        slug = row.values.get("slug")
        own_pk = row.match.pk if row.match else None
        if not slug:
            row.values.pop("slug", None)
            if row.match:
                continue
            slug = free_slug(
                row.values.get("title") or "", taken.keys() | used_in_file.keys()
            )
            row.values["slug"] = slug
        elif taken.get(slug, own_pk) != own_pk:
            row.errors.append(f"slug '{slug}' is already used by another program")
        elif slug in used_in_file:
            row.errors.append(
                f"slug '{slug}' is also used on {used_in_file[slug].lower()}"
            )
        used_in_file[slug] = row.label


# --- Writing ---


def _write_row(row, parent, organisations, publish, user):
    """Create, update (a new revision) or leave one program; publish if asked.
    Returns what was done ("created", "updated" or "unchanged"), the fields that
    changed, and whether it was published."""
    external_id = row.values["external_id"]
    organisation = _organisation_for(row, organisations)
    values = {**row.values, "organisation": organisation}
    if row.match is None:
        page = ProgramPage(external_id=external_id, organisation=organisation)
        apply_values(page, values)
        page.live = False
        page.has_unpublished_changes = True
        parent.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        return "created", [], publish

    page = row.match.specific.get_latest_revision_as_object()
    changed = _changes(page, row.values, organisation)
    if not changed:
        live = row.match.specific
        waiting = not live.live or live.has_unpublished_changes
        if publish and waiting:
            live.get_latest_revision().publish(user=user)
        return "unchanged", [], publish and waiting
    apply_values(page, values)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return "updated", changed, publish


def _changes(page, values, organisation):
    """The fields the row would change in the program's latest revision (its
    stable identifier is never changed by an import)."""
    current = {**values_of(page), "external_id": hsds.stable_id(page)}
    wanted = {**current, **{k: v for k, v in values.items() if k in current}}
    if "ways_to_help" in values:
        wanted["ways_to_help"] = ways_after(page, values["ways_to_help"])
    wanted["external_id"] = current["external_id"]
    wanted["organisation"] = organisation.name
    return [name for name in current if wanted[name] != current[name]]


def _organisation_for(row, organisations):
    """The organisation the row names: an existing one with that name (any case),
    else a new one with the file's details. ``organisations`` caches it by name."""
    name = row.organisation["name"]
    if name not in organisations:
        # By name only: a file's organisation is its name (HSDS identifiers derive
        # from it), and distinct organisations share websites (CancerCare and its
        # program with NYLAG), so a website match would merge them.
        organisation = Organisation.objects.matching(name)
        if organisation is None:
            details = {k: v for k, v in row.organisation.items() if k != "name"}
            organisation = Organisation(name=name, **details)
            organisation.full_clean()
            organisation.save()
        organisations[name] = organisation
    return organisations[name]
