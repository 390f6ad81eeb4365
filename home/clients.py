"""Who a request comes from, and how often they may send a form. Behind
``TRUSTED_PROXY_COUNT`` proxies the client is the address the outermost trusted
proxy saw; the counts live in the cache (Redis in production, shared by every
worker; per-process memory without it). The admin login's throttling (django-axes)
uses the same client address."""

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)

# When the cache fails, say so once in a while, not on every request.
WARN_EVERY_SECONDS = 300
_last_warning = {}


def warn_now_and_then(message):
    now = time.monotonic()
    if now - _last_warning.get(message, -WARN_EVERY_SECONDS) >= WARN_EVERY_SECONDS:
        _last_warning[message] = now
        logger.warning(message)


def client_key(request):
    """Who is sending: the address the last of ``TRUSTED_PROXY_COUNT`` proxies saw
    (each appends to X-Forwarded-For; anything further left is the client's own
    claim, so it is not trusted), else the connecting address."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(hops) >= proxies:
            return hops[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "unknown")


def login_client_ip(request):
    """The client address as django-axes stores it: an IP address, or None when
    the request has none (a forwarded value that is not an address, tests)."""
    key = client_key(request)
    try:
        return str(ipaddress.ip_address(key))
    except ValueError:
        return None


def rate_limited(request, scope):
    """Count a send for this client; True once it is over the hourly limit. A
    failing cache lets the person through rather than lose what they typed."""
    key = f"ratelimit:{scope}:{client_key(request)}:{int(time.time() // 3600)}"
    if cache.add(key, 1, timeout=3600):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=3600)
            count = 1
    if not isinstance(count, int):
        # The cache's errors are ignored and read as None.
        warn_now_and_then("Rate limits skipped: the cache does not answer.")
        return False
    return count > settings.FORM_RATE_LIMIT_PER_HOUR


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: a 429 page saying how long."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    response = render(
        request,
        "axes_locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


def login_client_str(username, ip_address, user_agent, path_info, request):
    """How django-axes names a client in its log: who and from where, never the
    path (the project's logs carry no request paths)."""
    return f'{{username: "{username}", ip_address: "{ip_address}"}}'
