"""Split a pasted block of notes into one observation text per line or bullet (pure, no Django)."""

from __future__ import annotations

import re

# "- ", "• ", "* ", "– ", "1. ", "1) " at the start of a line.
_BULLET = re.compile(r"^\s*(?:[-•*–·](?:\s+|$)|\d{1,3}[.)](?:\s+|$))")


def split_notes(block: str) -> list[str]:
    """Return the non-empty notes in `block`, bullets and surrounding whitespace removed.

    A line that does not start with a bullet continues the previous bulleted note when the block
    uses bullets (wrapped lines in pasted notes); without bullets, every line is a note.
    """
    lines = block.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    uses_bullets = any(_BULLET.match(line) for line in lines)
    notes: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        match = _BULLET.match(line)
        if match:
            notes.append(line[match.end() :].strip())
        elif uses_bullets and notes:
            notes[-1] = f"{notes[-1]} {line.strip()}"
        else:
            notes.append(line.strip())
    # A note needs at least one letter or digit: a stray bullet is not an observation.
    return [n for n in notes if any(c.isalnum() for c in n)]
