"""A visitor over real HTTP for tests against a running server (gunicorn or the
live server thread): a cookie jar, forms posted with their CSRF and time-trap
tokens, redirects not followed, and how long each answer took."""

import http.cookiejar
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Visitor:
    """One browser: a cookie jar, GET a form for its CSRF token, POST it. Every
    answer is kept in ``answers`` as (method, path, status, seconds); status is
    None when none came within ``timeout``."""

    def __init__(self, base, timeout=30):
        self.base = base
        self.timeout = timeout
        self.answers = []
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )

    def open(self, method, path, request):
        began = time.monotonic()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode(errors="replace")
        except TimeoutError:
            status, body = None, ""  # no answer within the visitor's timeout
        self.answers.append((method, path, status, time.monotonic() - began))
        return status, body

    def get(self, path):
        return self.open("GET", path, self.base + path)

    def form_tokens(self, form_path):
        """GET ``form_path``; its CSRF and time-trap tokens as form fields."""
        _, html = self.get(form_path)
        if "csrfmiddlewaretoken" not in html:
            return None
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        started = re.search(r'name="started" value="([^"]+)"', html)
        return {
            "csrfmiddlewaretoken": token,
            **({"started": started[1]} if started else {}),
        }

    def post(self, action, data, referer):
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.base + action,
            data=urllib.parse.urlencode(data, doseq=True).encode(),
            headers={"Referer": self.base + referer},
        )
        return self.open("POST", action, request)[0]

    def post_form(self, form_path, action, fields):
        """GET ``form_path``, then POST ``fields`` with its tokens to ``action``."""
        tokens = self.form_tokens(form_path)
        if tokens is None:
            return None
        return self.post(action, {**tokens, **fields}, form_path)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
