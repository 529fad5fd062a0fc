"""Highlight search terms in text, safely: every piece of text is escaped before it is wrapped."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def search_terms(query: str) -> list[str]:
    return [t for t in re.findall(r"\w+", query.lower()) if len(t) >= 2][:10]


def highlight(text: str, query: str) -> SafeString:
    """Escape `text` and wrap words that start with a search term in <mark>.

    Prefix matching approximates the stemming of PostgreSQL's Norwegian search
    ("rom" marks "rommet" and "rommene").
    """
    terms = search_terms(query)
    if not terms:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece of text escaped above)
