"""Full-text search over observations: PostgreSQL's Norwegian search, or icontains on SQLite.

The only place that knows which database is in use (DESIGN.md: no raw SQL outside a small adapter).
On PostgreSQL the search uses the expression `to_tsvector('norwegian', text)`, exactly the one the
GIN index `insight_observation_text_fts` is built on (migration 0003), so the planner can use it.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Func, Q, QuerySet

from mulighetsrom.insight.highlight import search_terms
from mulighetsrom.insight.models import Observation


class NorwegianVector(Func):
    """`to_tsvector('norwegian'::regconfig, <text>)`: unlike SearchVector, without COALESCE (text is NOT NULL),
    so the expression matches the index."""

    template = "to_tsvector('norwegian'::regconfig, %(expressions)s)"

    def __init__(self, expression: Any, **extra: Any) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(expression, output_field=SearchVectorField(), **extra)


def search_observations(qs: QuerySet[Observation], query: str) -> QuerySet[Observation]:
    query = query.strip()
    if not query:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        return qs.annotate(search=NorwegianVector("text")).filter(
            search=SearchQuery(query, config="norwegian", search_type="websearch")
        )
    condition = Q()
    for term in search_terms(query) or [query]:
        condition &= Q(text__icontains=term)
    return qs.filter(condition)
