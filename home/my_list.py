"""My list: programs a patient saves without an account. The session holds program
ids only, and a shared link carries the same ids, signed, and nothing else."""

from django.conf import settings
from django.core import signing

from home.i18n import translated

SESSION_KEY = "my_list"
MAX_SAVED = 50
SHARE_SALT = "brightside.my-list.share"


def saved_ids(request):
    """The saved program ids, oldest first (malformed session data is dropped)."""
    ids = request.session.get(SESSION_KEY, []) if hasattr(request, "session") else []
    if not isinstance(ids, list):
        return []
    return [value for value in ids if isinstance(value, int)][:MAX_SAVED]


def save(request, program_id):
    ids = saved_ids(request)
    if program_id not in ids and len(ids) < MAX_SAVED:
        request.session[SESSION_KEY] = [*ids, program_id]
        return True
    return program_id in ids


def remove(request, program_id):
    request.session[SESSION_KEY] = [i for i in saved_ids(request) if i != program_id]


def share_token(ids):
    return signing.dumps(list(ids), salt=SHARE_SALT, compress=True)


class LinkExpired(Exception):
    """A genuine shared link, older than ``MY_LIST_SHARE_DAYS``."""


def ids_from_token(token):
    """The program ids in a shared link, or None when the link was tampered with;
    raises LinkExpired for a genuine link past its time."""
    try:
        ids = signing.loads(
            token, salt=SHARE_SALT, max_age=settings.MY_LIST_SHARE_DAYS * 86400
        )
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature:
        return None
    if not isinstance(ids, list):
        return None
    return [value for value in ids if isinstance(value, int)][:MAX_SAVED]


def saved_programs(ids):
    """The visible programs among ``ids``, in the order they were saved."""
    from directory.models import ProgramPage

    programs = (
        ProgramPage.objects.visible()
        .filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related("need_categories__parent")
    )
    by_id = {program.pk: program for program in programs}
    return [by_id[i] for i in ids if i in by_id]


def combined_checklist(programs):
    """Every document the programs ask for, once each, with the programs that ask."""
    documents = {}
    for program in programs:
        for label in [*program.document_labels(), *program.other_documents()]:
            key = label.casefold()
            entry = documents.setdefault(key, {"label": label, "programs": []})
            entry["programs"].append(translated(program, "title"))
    return list(documents.values())
