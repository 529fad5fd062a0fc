"""Delete survey responses past their retention period (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mulighetsrom.surveys.actions import delete_expired_responses


class Command(BaseCommand):
    help = "Delete survey responses whose retention period has ended."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = delete_expired_responses()
        self.stdout.write(f"Deleted {deleted} rows.")
