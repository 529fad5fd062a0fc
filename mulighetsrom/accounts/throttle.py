"""Per-account login throttling: a short, growing delay instead of a fixed lock.

allauth limits failed logins per client address (settings.ACCOUNT_RATE_LIMITS). A fixed limit
per account as well would let anyone lock the real user out by typing wrong passwords for their
address. Instead, after `LOGIN_FREE_FAILURES` failures each further attempt for the account has
to wait: 1 s, 2 s, 4 s … at most `LOGIN_DELAY_MAX` seconds. Guessing stays slow, and the real
user (who may also have a second factor) gets in once the short delay has passed.

The record lives in the default cache, which all web processes share (database cache or Redis),
and is changed under allauth's cache lock, so two processes cannot both use the same slot.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from allauth.core.internal.ratelimit import cache_lock
from django.conf import settings
from django.core.cache import cache

# Forget an account's failures a day after the last one.
RECORD_TIMEOUT = 24 * 3600


def delay_after(failures: int, *, free: int, base: float, cap: float) -> float:
    """Seconds the next attempt must wait after `failures` consecutive failed attempts."""
    if failures < free:
        return 0.0
    return float(min(cap, base * 2 ** (failures - free)))


@dataclass(frozen=True)
class Attempt:
    """The outcome of asking for a login attempt: allowed, or wait `retry_after` seconds."""

    allowed: bool
    retry_after: int = 0


def _key(login: str) -> str:
    digest = hashlib.sha256(login.strip().lower().encode("utf-8")).hexdigest()
    return f"mr:login-delay:{digest}"


def _policy() -> dict[str, float]:
    return {
        "free": getattr(settings, "LOGIN_FREE_FAILURES", 5),
        "base": getattr(settings, "LOGIN_DELAY_BASE", 1),
        "cap": getattr(settings, "LOGIN_DELAY_MAX", 180),
    }


def begin_attempt(login: str) -> Attempt:
    """Claim one login attempt for the account `login`, counting it as failed until it succeeds.

    Counting before the password is checked means that concurrent attempts in several processes
    cannot all slip through the same slot. Call `attempt_succeeded` when the password was right.
    """
    key = _key(login)
    with cache_lock(key) as locked:
        if not locked:
            # Another process holds the record: treat as busy rather than let it through.
            return Attempt(allowed=False, retry_after=1)
        record = cache.get(key) or {"failures": 0, "until": 0.0}
        now = time.time()
        if now < record["until"]:
            return Attempt(allowed=False, retry_after=max(1, math.ceil(record["until"] - now)))
        failures = record["failures"] + 1
        wait = delay_after(failures, **_policy())  # type: ignore[arg-type]
        cache.set(key, {"failures": failures, "until": now + wait}, RECORD_TIMEOUT)
        return Attempt(allowed=True)


def attempt_succeeded(login: str) -> None:
    """The password was right: the account's failures are forgotten."""
    key = _key(login)
    with cache_lock(key):
        cache.delete(key)
