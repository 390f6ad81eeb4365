"""Handing program changes to every configured search backend: the one the site
searches and each backend it falls back to (all must hold every visible program).
The signal receivers in ``search.signals`` call these; a backend only names its
fallback, and never writes to it itself."""

from search.backends import get_backend


def configured_backends():
    """The site's backend and its fallbacks, the innermost (the database) first,
    so its rows are written before anything is sent after the commit."""
    backends, backend = [], get_backend()
    while backend is not None:
        backends.insert(0, backend)
        backend = backend.fallback
    return backends


def programs_changed(ids):
    """Bring these programs up to date in every backend: stored where patients may
    see them, removed where they may not or no longer exist (deleted pages)."""
    ids = list(ids)
    if ids:
        for backend in configured_backends():
            backend.index_programs(ids)


def rebuild(stdout=None):
    """Rebuild every backend from the visible programs; returns how many."""
    total = 0
    for backend in configured_backends():
        total = backend.rebuild(stdout=stdout)
    return total


def refresh_statistics(using="default"):
    """After migrations or a bulk load: let every backend plan its queries well."""
    for backend in configured_backends():
        backend.refresh_statistics(using)
