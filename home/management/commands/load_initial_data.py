"""Demo data: the site tree (home, /programs/, /guides/), the seed taxonomy and the real
programs researched for the demo, each marked as demo data not yet verified, with
the ways to help researched for them.

Idempotent: pages, organisations and programs are matched by slug, name and stable
identifier, so a second run changes nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Page, Site

from directory import geo
from directory.models import (
    DirectoryIndexPage,
    NeedCategory,
    Organisation,
    ProgramPage,
    Region,
)
from directory.program_fields import (
    PROGRAM_FIELDS,
    WAY_SPANISH_FIELDS,
    apply_values,
    rule_problems,
)
from directory.seeds import (
    seed_need_categories,
    seed_need_spanish,
    seed_need_words,
    seed_regions,
)
from directory.taxonomy import invalidate as invalidate_taxonomy
from home.demo_guides import GUIDES, HELPER_GUIDES
from home.demo_guides_es import GUIDES_ES
from home.demo_pages_es import (
    DIRECTORY_ES,
    GUIDES_INDEX_ES,
    HOME_ES,
    RELATED_PROGRAMS_HEADING_ES,
)
from home.models import HomePage, SiteSettings
from opendata.ways_to_help import clean_way
from resources.models import ResourceIndexPage, ResourcePage
from search.indexing import refresh_statistics

FIXTURE = Path(settings.BASE_DIR) / "directory" / "fixtures" / "demo_programs.json"
WAYS_FIXTURE = (
    Path(settings.BASE_DIR) / "directory" / "fixtures" / "demo_ways_to_help.json"
)
# The Spanish of each demo program's text ({external_id: {"summary_es": ...}}).
SPANISH_FIXTURE = (
    Path(settings.BASE_DIR) / "directory" / "fixtures" / "demo_programs_es.json"
)
# The Spanish of each demo way to help, in the order of WAYS_FIXTURE
# ({external_id: [{"next_step_es": ...}, ...]}).
WAYS_SPANISH_FIXTURE = (
    Path(settings.BASE_DIR) / "directory" / "fixtures" / "demo_ways_to_help_es.json"
)

HOW_IT_WORKS = (
    "<ul>"
    "<li>Every listing is help run by another organisation: grants, bill "
    "payment, rides,"
    " lodging, meals, comfort items and support.</li>"
    "<li>Volunteer curators check listings with the programs themselves. A listing"
    " says when it was last verified, or that it has not been verified yet.</li>"
    "<li>Organisations can suggest their programs; a curator reviews every one before"
    " it appears.</li>"
    "</ul>"
)

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "brightside-demo"  # noqa: S105 - dev settings only, printed by make run


class Command(BaseCommand):
    help = "Load the demo site: pages, taxonomy and the researched demo programs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-admin",
            action="store_true",
            help="Also create the demo admin login (only with DEBUG on).",
        )

    def handle(self, *args, demo_admin=False, **options):
        if demo_admin and not settings.DEBUG:
            raise CommandError("The demo admin login is only created with DEBUG on.")
        records = read_fixture(FIXTURE)
        way_records = read_fixture(WAYS_FIXTURE)
        spanish = read_fixture(SPANISH_FIXTURE)
        ways_spanish = read_fixture(WAYS_SPANISH_FIXTURE)

        with transaction.atomic():
            seed_need_categories(NeedCategory)
            seed_need_words(NeedCategory)  # an update(): no signal tells the cache
            seed_need_spanish(NeedCategory)
            invalidate_taxonomy()
            seed_regions(Region)
            home = self.ensure_home()
            directory = self.ensure_child(
                home,
                DirectoryIndexPage,
                slug="programs",
                title="Find help",
                intro="Financial and practical help for people living with metastatic "
                "breast cancer, and the people who care for them.",
            )
            guides = self.ensure_child(
                home,
                ResourceIndexPage,
                slug="guides",
                title="Guides",
                intro="Plain-words guides to asking for and getting help.",
            )
            ways = demo_ways(way_records, {record["external_id"] for record in records})
            with_spanish(ways, ways_spanish)
            created = sum(
                self.ensure_program(directory, record, ways, spanish)
                for record in records
            )
            for external_id, program_ways in ways.items():
                self.ensure_ways(external_id, program_ways)
            untranslated = set(
                ProgramPage.objects.lacking_spanish()
                .filter(external_id__in=spanish)
                .values_list("external_id", flat=True)
            )
            for record in records:
                if record["external_id"] in untranslated:
                    self.ensure_spanish(record, spanish[record["external_id"]])
                    self.ensure_way_spanish(record, ways.get(record["external_id"], []))
            for guide in [*GUIDES, *HELPER_GUIDES]:
                self.ensure_guide(guides, guide, GUIDES_ES[guide["slug"]])
            for page, spanish_text in [
                (home, HOME_ES),
                (directory, DIRECTORY_ES),
                (guides, GUIDES_INDEX_ES),
            ]:
                fill_blanks(page, spanish_text)
        refresh_statistics()  # fresh planner statistics after a bulk load
        self.stdout.write(
            f"Demo data ready: {created} program(s) added, "
            f"{len(records) - created} already present."
        )
        if demo_admin:
            self.ensure_demo_admin()

    def ensure_home(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's installer leaves a "Welcome" page at the slug we want.
            for page in root.get_children().filter(slug="home"):
                if not page.get_children().exists():
                    page.delete()
            home = HomePage(
                title="Brightside",
                slug="home",
                intro="A free directory of grants, bill help, rides, lodging, meals, "
                "comfort items and support, checked by volunteer curators.",
                how_it_works=HOW_IT_WORKS,
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        SiteSettings.for_site(Site.objects.get(is_default_site=True))
        return home

    def ensure_child(self, parent, model, *, slug, **fields):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
            page.save_revision().publish()
        return page

    def ensure_program(self, directory, record, ways, spanish):
        """Create and publish one demo program, with its ways to help (``ways``, by
        external_id) and its Spanish (``spanish``, likewise), unless it exists;
        True if created."""
        if ProgramPage.objects.filter(external_id=record["external_id"]).exists():
            return False
        org_data = record["organisation"]
        organisation, _ = Organisation.objects.get_or_create(
            name=org_data["name"], defaults={"website": org_data.get("website", "")}
        )
        known = NeedCategory.objects.filter(slug__in=record["need_categories"])
        if known.count() != len(set(record["need_categories"])):
            raise CommandError(f"{record['external_id']}: unknown need category.")
        values = {name: record[name] for name in PROGRAM_FIELDS if name in record}
        values.update(
            organisation=organisation,
            need_categories=record["need_categories"],
            regions=self.region_slugs(record),
            partial_states=[
                geo.state_slug(code) for code in record.get("partial_states", [])
            ],
            service_places=[
                geo.county_slug(state.strip(), name.strip())
                for name, _, state in (
                    place.rpartition(",") for place in record.get("service_places", [])
                )
            ],
            # Researched, not yet checked by a curator.
            is_demo_data=True,
            last_verified_at=None,
            sources="\n".join(record["sources"]),
        )
        if record["external_id"] in ways:
            values["ways_to_help"] = ways[record["external_id"]]
        problems = rule_problems(values)
        if problems:
            details = "; ".join(problem.detail for problem in problems)
            raise CommandError(f"{record['external_id']}: {details}.")
        program = ProgramPage(
            external_id=record["external_id"], **spanish.get(record["external_id"], {})
        )
        apply_values(program, values)
        try:
            directory.add_child(instance=program)  # saving runs full_clean()
        except ValidationError as error:
            raise CommandError(f"{record['external_id']}: {error}") from error
        program.save_revision().publish()
        return True

    def ensure_ways(self, external_id, ways):
        """Give an existing demo program that has no ways to help its demo ways, as
        a revision of its own: published, unless a curator's draft is waiting (it
        is not published for them). Programs with ways are left as they are."""
        page = ProgramPage.objects.get(external_id=external_id)
        draft = page.get_latest_revision_as_object()
        if page.ways_to_help.exists() or draft.ways_to_help.all():
            return
        apply_values(draft, {"ways_to_help": ways})
        save_as_before(page, draft)

    def ensure_spanish(self, record, spanish):
        """Write the Spanish of an existing demo program's text where its page has
        none yet and its English is still the researched text it translates."""
        page = ProgramPage.objects.get(external_id=record["external_id"])
        fill_blanks(
            page,
            spanish,
            still_translates=lambda draft, name: (
                getattr(draft, name.removesuffix("_es"))
                == record.get(name.removesuffix("_es"), "")
            ),
        )

    def ensure_way_spanish(self, record, ways):
        """Write the Spanish of an existing demo program's ways to help (``ways``,
        with their ``<name>_es``) where a way has none yet and its English is still
        the researched text, the way known by its next step (``save_as_before``)."""
        page = ProgramPage.objects.get(external_id=record["external_id"])
        draft = page.get_latest_revision_as_object()
        by_step = {way["next_step"]: way for way in ways}
        children = list(draft.ways_to_help.all())  # copies: set back below
        filled = False
        for child in children:
            way = by_step.get(child.next_step, {})
            for name in WAY_SPANISH_FIELDS:
                spanish = way.get(f"{name}_es", "")
                if (
                    spanish
                    and not getattr(child, f"{name}_es")
                    and getattr(child, name) == way[name]
                ):
                    setattr(child, f"{name}_es", spanish)
                    filled = True
        if not filled:
            return
        draft.ways_to_help = children
        save_as_before(page, draft)

    def ensure_guide(self, index, guide, spanish):
        """Create and publish one demo guide, in English and Spanish, unless its
        slug exists; an existing one gets its Spanish where it has none."""
        existing = ResourcePage.objects.child_of(index).filter(slug=guide["slug"])
        if existing.exists():
            page = existing.get()
            if not page.title_es and page.title == guide["title"]:
                related = [
                    b for b in page.body.raw_data if b["type"] == "related_programs"
                ]
                fill_blanks(page, guide_spanish(spanish, [b["value"] for b in related]))
            return
        needs = list(NeedCategory.objects.filter(slug__in=guide["needs"]))
        body = [{"type": kind, "value": value} for kind, value in guide["body"]]
        programs = guide["needs"] and list(
            ProgramPage.objects.visible()
            .filter(need_categories__slug=guide["needs"][0])
            .order_by("title")
            .values_list("pk", flat=True)[:3]
        )
        if programs:
            body.append(
                {
                    "type": "related_programs",
                    "value": {
                        "heading": "Programs that can help",
                        "programs": programs,
                    },
                }
            )
        page = ResourcePage(
            title=guide["title"],
            slug=guide["slug"],
            summary=guide["summary"],
            body=body,
            for_helpers=guide.get("for_helpers", False),
            **guide_spanish(spanish, [{"programs": programs}] if programs else []),
        )
        page.need_categories = needs
        index.add_child(instance=page)
        page.save_revision().publish()

    def region_slugs(self, record):
        slugs = []
        for area in record["regions"]:
            if area["counties"]:
                slugs += [geo.county_slug(area["state"], c) for c in area["counties"]]
            else:
                slugs.append(geo.state_slug(area["state"]))
        found = set(
            Region.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )
        if found != set(slugs):
            missing = set(slugs) - found
            raise CommandError(f"{record['external_id']}: unknown places {missing}.")
        return slugs

    def ensure_demo_admin(self):
        User = get_user_model()
        if not User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            User.objects.create_superuser(
                DEMO_ADMIN_USERNAME, "admin@brightside.example", DEMO_ADMIN_PASSWORD
            )
        self.stdout.write(
            f"Demo admin login: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD} "
            "at http://127.0.0.1:8000/admin/"
        )


def guide_spanish(spanish, related):
    """A guide's Spanish fields from its ``GUIDES_ES`` entry, with the programs
    blocks of its English body (``related``: their values) under a Spanish
    heading."""
    body = [{"type": kind, "value": value} for kind, value in spanish["body"]]
    body += [
        {
            "type": "related_programs",
            "value": {**value, "heading": RELATED_PROGRAMS_HEADING_ES},
        }
        for value in related
    ]
    return {
        "title_es": spanish["title"],
        "summary_es": spanish["summary"],
        "body_es": body,
    }


def fill_blanks(page, values, still_translates=None):
    """Set the ``values`` a page has left empty (and, given ``still_translates``,
    whose English that says still translates: ``(draft, name) -> bool``), as a
    published revision (unless a curator's draft is waiting: then as a draft of
    it)."""
    page = Page.objects.get(pk=page.pk).specific  # as stored, not as last seen
    draft = page.get_latest_revision_as_object()
    blank = {
        name: value
        for name, value in values.items()
        if not getattr(draft, name)
        and (still_translates is None or still_translates(draft, name))
    }
    if not blank:
        return
    for name, value in blank.items():
        setattr(draft, name, value)
    save_as_before(page, draft)


def save_as_before(page, draft):
    """Save ``draft``, edited, as ``page``'s new revision: published, unless a
    curator's draft is waiting (then it stays a draft, for them to publish)."""
    curators_draft = page.has_unpublished_changes  # before saving changes it
    revision = draft.save_revision()
    if not curators_draft:
        revision.publish()


def read_fixture(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"Cannot read {path}: {error}") from error


def demo_ways(records, external_ids):
    """The demo ways to help by program ``external_id``, ready for
    ``apply_values``; a record for a program that is not a demo program, a place
    that is not known or a way that breaks a rule stops the command."""
    ways = {}
    for record in records:
        external_id = record.get("external_id")
        if external_id not in external_ids:
            raise CommandError(
                f"{WAYS_FIXTURE.name}: {external_id}: no demo program has this "
                "external_id."
            )
        ways[external_id] = [demo_way(external_id, way) for way in record["ways"]]
    return ways


def with_spanish(ways, spanish):
    """Add to each demo way (``ways``, by program external_id) its ``<name>_es``
    from ``spanish``, which gives a program's ways their Spanish in the same order
    (a program whose ways it does not match stays in English: the fixtures are
    kept matching by tests/test_way_spanish.py)."""
    for external_id, program_ways in ways.items():
        translations = spanish.get(external_id, [])
        if len(translations) != len(program_ways):
            continue
        for way, translation in zip(program_ways, translations, strict=True):
            way.update(
                {
                    f"{name}_es": translation.get(f"{name}_es", "")
                    for name in WAY_SPANISH_FIELDS
                }
            )


def demo_way(external_id, way):
    """One way of the fixture as way values, read as an imported file's ways are
    (every field given, its choices known, the rules of every way kept), its places
    ("TX", "Travis County, TX") as region slugs; a problem stops the command."""
    places = [place_slug(external_id, place) for place in way.get("places", [])]
    errors = []
    values = clean_way({**way, "places": places}, "a way to help", set(places), errors)
    if errors:
        raise CommandError(f"{external_id}: {'; '.join(errors)}.")
    return values


def place_slug(external_id, place):
    """The region slug of a state code ("TX") or a county ("Travis County, TX",
    also "Travis, TX"); an unknown place stops the command."""
    name, _, state = (part.strip() for part in place.rpartition(","))
    candidates = (
        [
            geo.county_slug(state.upper(), name),
            geo.county_slug(state.upper(), f"{name} County"),
        ]
        if name
        else [geo.state_slug(state)]
    )
    found = Region.objects.filter(slug__in=candidates).exclude(kind="country")
    region = found.first()
    if region is None:
        raise CommandError(f"{external_id}: unknown place '{place}' in a way to help.")
    return region.slug
