"""Send the daily e-mail digest of notifications. Run once a day (cron or a scheduler)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mulighetsrom.collaboration.actions import send_digests


class Command(BaseCommand):
    help = "Send each user one e-mail with their new notifications (by their digest setting)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="", help="Prefix for links, e.g. https://mulighetsrom.example.no")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests(base_url=options["base_url"])
        self.stdout.write(f"Sent {sent} digest(s).")
