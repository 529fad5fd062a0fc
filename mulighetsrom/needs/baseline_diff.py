"""Compare two snapshots of needs, requirements and the room programme (no Django).

A snapshot is the JSON a `Baseline` stores: ``{"needs": {code: {field: value}}, "requirements":
{...}, "rooms": {...}, "gross_factor": "1.45"}``. Values are JSON-ready (strings, numbers, sorted
lists), so comparing two of them is comparing dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECTIONS = ("needs", "requirements", "rooms")


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass
class ItemChange:
    code: str
    label: str
    kind: str  # "added", "removed" or "changed"
    fields: list[FieldChange] = field(default_factory=list)
    history: list[Any] = field(default_factory=list)  # who changed it and why, filled by the caller
    display: list[tuple[str, Any, Any]] = field(default_factory=list)  # (label, before, after) for people


@dataclass
class SectionDiff:
    name: str
    added: list[ItemChange] = field(default_factory=list)
    removed: list[ItemChange] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def items(self) -> list[ItemChange]:
        return self.added + self.changed + self.removed


def label_of(item: dict[str, Any]) -> str:
    text = item.get("statement") or item.get("text") or item.get("name") or ""
    return f"{item.get('ref', '')} {text}".strip()


def diff_section(name: str, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> SectionDiff:
    diff = SectionDiff(name=name)
    for code in sorted(after.keys() - before.keys(), key=lambda c: str(after[c].get("ref", ""))):
        diff.added.append(ItemChange(code=code, label=label_of(after[code]), kind="added"))
    for code in sorted(before.keys() - after.keys(), key=lambda c: str(before[c].get("ref", ""))):
        diff.removed.append(ItemChange(code=code, label=label_of(before[code]), kind="removed"))
    for code in sorted(before.keys() & after.keys(), key=lambda c: str(after[c].get("ref", ""))):
        old, new = before[code], after[code]
        changes = [
            FieldChange(field=key, before=old.get(key), after=new.get(key))
            for key in sorted(old.keys() | new.keys())
            if old.get(key) != new.get(key)
        ]
        if changes:
            diff.changed.append(ItemChange(code=code, label=label_of(new), kind="changed", fields=changes))
    return diff


def diff_snapshots(before: dict[str, Any], after: dict[str, Any]) -> list[SectionDiff]:
    return [diff_section(name, before.get(name, {}), after.get(name, {})) for name in SECTIONS]
