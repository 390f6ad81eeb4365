"""A circuit breaker: after a service fails, its callers skip it for a while and
take their fallback at once, instead of each waiting out its own timeout. Used for
Elasticsearch (``search.backends.elasticsearch_documents``) and the Redis cache
(``home.cache``). One per service and process."""

import threading
import time


class CircuitBreaker:
    """After a failure, callers skip the protected service for ``cooldown`` seconds."""

    def __init__(self, cooldown):
        self.cooldown = cooldown
        self.open_until = 0.0
        self.lock = threading.Lock()

    @property
    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self):
        with self.lock:
            self.open_until = time.monotonic() + self.cooldown

    def reset(self):
        with self.lock:
            self.open_until = 0.0
