"""Run the personal-data guard over free-text answers stored before answers were redacted on saving.

Answers are redacted when they are saved (see `surveys.actions.save_answers`); this command
brings older answers into line, e.g. once after upgrading. Running it again changes nothing:
a redaction label holds no identifier.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from mulighetsrom.lib.pii import redact_personal_data
from mulighetsrom.surveys.models import Answer, Question

BATCH = 500


class Command(BaseCommand):
    help = "Redact fødselsnummer, D-/H-nummer, phone numbers and e-mail addresses in stored survey answers."

    def handle(self, *args: Any, **options: Any) -> None:
        changed: list[Answer] = []
        total = 0
        answers = Answer.objects.filter(question__kind=Question.Kind.TEXT).exclude(text="").only("pk", "text")
        for answer in answers.iterator(chunk_size=BATCH):
            redacted = redact_personal_data(answer.text)
            if redacted != answer.text:
                answer.text = redacted
                changed.append(answer)
            if len(changed) >= BATCH:
                total += self._save(changed)
        total += self._save(changed)
        self.stdout.write(f"Redacted personal data in {total} stored answers.")

    @staticmethod
    def _save(answers: list[Answer]) -> int:
        count = len(answers)
        with transaction.atomic():
            Answer.objects.bulk_update(answers, ["text"])
        answers.clear()
        return count
