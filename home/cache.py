"""The Redis cache with a circuit breaker. django-redis' ``IGNORE_EXCEPTIONS``
turns a failing Redis into cache misses, but each call still waits for its socket
timeout, and a page makes several calls. After one failure this cache skips Redis
for ``REDIS_BREAKER_SECONDS`` (every call answers as a miss at once), logs that
once, and tries again after the pause."""

import logging

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

from django.conf import settings

from home.breaker import CircuitBreaker

logger = logging.getLogger(__name__)

BREAKER = CircuitBreaker(getattr(settings, "REDIS_BREAKER_SECONDS", 30))


class SkippedRedis(ConnectionError):
    """Redis is not called: it failed moments ago."""


class ResilientRedisCache(RedisCache):
    @property
    def client(self):
        if BREAKER.is_open:
            raise ConnectionInterrupted(connection=None) from SkippedRedis()
        return TrippingClient(super().client)


class TrippingClient:
    """The django-redis client, tripping the breaker when a call fails."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted:
                if not BREAKER.is_open:
                    logger.warning(
                        "Redis does not answer: the cache is skipped for %s s.",
                        BREAKER.cooldown,
                    )
                BREAKER.trip()
                raise

        return call
