"""The deadlines' last change, as a stamp in the cache: what the calendar feed's cache key
follows, so a change to any deadline shows in the next feed response.

Every deadline service calls `deadlines_changed()`. The new stamp is written after the
transaction commits: a reader who still sees the old stamp can only be reading (and caching)
data from before the change under the old key, which no one asks for once the stamp moved.
A stamp lost from the cache (eviction, restart) is replaced by the current time — a key never
used before — so a lost stamp can cost a cold render, never a stale one.
"""

import time

from django.core.cache import cache
from django.db import transaction

CHANGED_KEY = "deadlines:changed"


def _stamp() -> int:
    return time.time_ns()


def deadlines_changed() -> None:
    """Record that deadlines changed, once the current transaction commits."""
    transaction.on_commit(lambda: cache.set(CHANGED_KEY, _stamp(), timeout=None))


def last_change() -> int:
    stamp = cache.get_or_set(CHANGED_KEY, _stamp, timeout=None)
    return int(stamp) if stamp is not None else _stamp()
