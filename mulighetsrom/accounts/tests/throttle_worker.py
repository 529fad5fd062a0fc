"""One web process for the two-process throttling test: posts failed logins, prints counts.

    python -m mulighetsrom.accounts.tests.throttle_worker setup
    python -m mulighetsrom.accounts.tests.throttle_worker address|account ATTEMPTS ADDRESS GO_FILE

With `address`, every attempt is for a different unknown account from ADDRESS (the per-address
limit applies); with `account`, every attempt is for the same account (the per-account delay
applies). The worker waits until GO_FILE exists so that the processes post at the same time.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import django

REFUSED = "Too many failed login attempts"
WRONG_PASSWORD = "not correct"
ACCOUNT = "ola@example.org"


def main(argv: list[str]) -> None:
    django.setup()
    from django.core.management import call_command

    if argv[0] == "setup":
        from mulighetsrom.accounts.models import User

        call_command("migrate", run_syncdb=True, verbosity=0)
        call_command("createcachetable", verbosity=0)
        User.objects.create_user(email=ACCOUNT, password="riktig-passord-123")
        return

    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    mode, attempts, address, go_file = argv[0], int(argv[1]), argv[2], Path(argv[3])
    client = Client(REMOTE_ADDR=address)
    client.cookies["django_language"] = "en"
    print("ready", flush=True)
    while not go_file.exists():
        time.sleep(0.01)
    counts = {"accepted": 0, "refused": 0, "other": 0}
    for n in range(attempts):
        email = ACCOUNT if mode == "account" else f"p{os.getpid()}-{n}@example.org"
        response = client.post("/accounts/login/", {"login": email, "password": "feil-passord"})
        content = response.content.decode()
        # Accepted: the password was checked (and was wrong). Refused: the limit answered instead.
        if response.status_code == 200 and WRONG_PASSWORD in content:
            counts["accepted"] += 1
        elif response.status_code == 200 and REFUSED in content:
            counts["refused"] += 1
        else:
            counts["other"] += 1
    print(json.dumps(counts), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
