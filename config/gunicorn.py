"""gunicorn settings for production: ``gunicorn -c config/gunicorn.py config.wsgi``.

A patient's search is health data, so nothing gunicorn logs holds a request line,
path or query string: no access log, and the error log goes through
``PathFreeLogger``, which blanks any path in its messages ("Error handling request
/programs/?q=…", a rejected request line, …).
"""

import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 30
accesslog = None
errorlog = "-"
loglevel = "warning"
logger_class = "config.gunicorn.PathFreeLogger"

# A request line ("GET /x?y HTTP/1.1") or anything that starts like a path or URL.
PATH_RE = re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S+|\S*/\S*")


def without_paths(msg, args):
    """The log message with every path, URL and request line blanked."""
    try:
        text = str(msg) % args if args else str(msg)
    except (TypeError, ValueError):
        text = " ".join([str(msg), *map(str, args)])
    return PATH_RE.sub("[path]", text)


class PathFreeLogger(Logger):
    """gunicorn's logger with paths and query strings taken out of the error log
    (there is no access log)."""

    def log(self, lvl, msg, *args, **kwargs):
        super().log(lvl, without_paths(msg, args), **kwargs)

    def critical(self, msg, *args, **kwargs):
        super().critical(without_paths(msg, args), **kwargs)

    def error(self, msg, *args, **kwargs):
        super().error(without_paths(msg, args), **kwargs)

    def warning(self, msg, *args, **kwargs):
        super().warning(without_paths(msg, args), **kwargs)

    def info(self, msg, *args, **kwargs):
        super().info(without_paths(msg, args), **kwargs)

    def debug(self, msg, *args, **kwargs):
        super().debug(without_paths(msg, args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(without_paths(msg, args), **kwargs)

    def access(self, resp, req, environ, request_time):
        """Never: requests are not logged."""


def post_worker_init(worker):
    """Read the search's facet bitmaps (``search.bitmaps``) before the worker takes
    requests, so no patient waits for them (about a second at 100,000 programs).
    With Elasticsearch they serve only its fallback, and are read when first used."""
    from django.conf import settings
    from django.db import connections

    from search import bitmaps

    if settings.DIRECTORY_SEARCH_BACKEND != "database":
        return
    try:
        bitmaps.BITMAPS.current()
    finally:
        connections.close_all()
