"""The personal-data guard on capture: find identifiers in notes, redact all but those kept with a reason.

A hit is addressed as "<note>-<hit>" (both 0-based) in the review form. Nothing here logs text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mulighetsrom.insight.actions import CapturedNote
from mulighetsrom.lib.pii import Hit, find_personal_data, redact


@dataclass(frozen=True)
class FlaggedHit:
    key: str
    note_number: int  # 1-based, for people
    hit: Hit
    note: str

    @property
    def kind(self) -> str:
        return self.hit.kind.value

    @property
    def before(self) -> str:
        return self.note[max(0, self.hit.start - 40) : self.hit.start]

    @property
    def after(self) -> str:
        return self.note[self.hit.end : self.hit.end + 40]


def review_notes(notes: Sequence[str]) -> list[FlaggedHit]:
    return [
        FlaggedHit(key=f"{n}-{h}", note_number=n + 1, hit=hit, note=note)
        for n, note in enumerate(notes)
        for h, hit in enumerate(find_personal_data(note))
    ]


def read_decisions(data: Mapping[str, str], flagged: Sequence[FlaggedHit]) -> tuple[dict[str, str], list[str]]:
    """The hits the user chose to keep (key → reason) and an error sentence per missing reason."""
    kept: dict[str, str] = {}
    errors: list[str] = []
    for flag in flagged:
        if not data.get(f"keep_{flag.key}"):
            continue
        reason = " ".join(str(data.get(f"reason_{flag.key}", "")).split())[:300]
        if not reason:
            errors.append(
                _("Give a reason for keeping the %(kind)s in note %(number)d, or let it be removed.")
                % {"kind": flag.kind, "number": flag.note_number}
            )
        else:
            kept[flag.key] = reason
    return kept, errors


def apply_decisions(notes: Sequence[str], kept: Mapping[str, str]) -> list[CapturedNote]:
    """Redact every hit except the kept ones; record the kind and reason of each kept hit."""
    result = []
    for n, note in enumerate(notes):
        hits = find_personal_data(note)
        removed = [hit for h, hit in enumerate(hits) if f"{n}-{h}" not in kept]
        kept_here = tuple((hit.kind.value, kept[f"{n}-{h}"]) for h, hit in enumerate(hits) if f"{n}-{h}" in kept)
        result.append(CapturedNote(text=redact(note, removed), kept=kept_here))
    return result


def redact_all(text: str) -> tuple[str, int]:
    """`text` with every identifier redacted, and how many there were."""
    hits = find_personal_data(text)
    return redact(text, hits), len(hits)
