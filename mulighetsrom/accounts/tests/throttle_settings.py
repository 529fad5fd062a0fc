"""Settings for the two-process throttling test (test_login_throttle_processes.py).

Every process opens the same SQLite file named by THROTTLE_DB, so they share the database cache
exactly as web workers do. Tables are made without migrations, which is much faster.
"""

import os

from mulighetsrom.settings import *  # noqa: F403


class _NoMigrations(dict):
    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: object) -> None:
        return None


DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["THROTTLE_DB"],
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
}
MIGRATION_MODULES = _NoMigrations()
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No slot may reopen while the test runs: the accepted attempts are exactly the free ones.
LOGIN_DELAY_BASE = 3600
