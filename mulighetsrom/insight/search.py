"""Full-text search over observations: PostgreSQL's Norwegian search, or icontains on SQLite.

The only place that knows which database is in use (DESIGN.md: no raw SQL outside a small adapter).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from mulighetsrom.insight.highlight import search_terms
from mulighetsrom.insight.models import Observation


def search_observations(qs: QuerySet[Observation], query: str) -> QuerySet[Observation]:
    query = query.strip()
    if not query:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return qs.annotate(search=SearchVector("text", config="norwegian")).filter(
            search=SearchQuery(query, config="norwegian", search_type="websearch")
        )
    condition = Q()
    for term in search_terms(query) or [query]:
        condition &= Q(text__icontains=term)
    return qs.filter(condition)
