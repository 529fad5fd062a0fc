"""Full-text search over observations: PostgreSQL's Norwegian search, or icontains on SQLite.

The only place that knows which database is in use (DESIGN.md: no raw SQL outside a small adapter).

On PostgreSQL the search matches the stored, generated column `insight_observation.search_tsv`
(`to_tsvector('norwegian', coalesce(text, ''))`, migration 0004) against
`websearch_to_tsquery('norwegian', <query>)`; the GIN index `insight_observation_search_tsv` finds
the rows, and the recheck (always done for phrase queries) reads the stored vector instead of
parsing and stemming every candidate's text again. The column is deliberately not on the Django
model (SQLite has no such column, and the ORM must never select or write it): `StoredVector` is the
one raw SQL fragment that names it. The vector is only used in WHERE (`.alias()`, not
`.annotate()`), so it is never sent to Python.

Results keep the list's ordering (newest first); nothing is ranked. Highlighting is done by the
view for the rows of the page shown only (`insight.highlight`).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Expression, Q, QuerySet

from mulighetsrom.insight.highlight import search_terms
from mulighetsrom.insight.models import Observation

SEARCH_COLUMN = "search_tsv"


class StoredVector(Expression):
    """The generated column `search_tsv` of the queryset's base table (PostgreSQL only).

    Rendered as `<alias>."search_tsv"` with the alias the compiler gives the base table, so it also
    works when the queryset becomes a subquery (`pk__in=...`, where Django relabels tables).
    """

    def __init__(self) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(SEARCH_COLUMN)}", []


def search_observations(qs: QuerySet[Observation], query: str) -> QuerySet[Observation]:
    query = query.strip()
    if not query:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        return qs.alias(search=StoredVector()).filter(
            search=SearchQuery(query, config="norwegian", search_type="websearch")
        )
    condition = Q()
    for term in search_terms(query) or [query]:
        condition &= Q(text__icontains=term)
    return qs.filter(condition)
