"""A stored tsvector column for the Norwegian full-text search over observations (PostgreSQL only).

Adds `insight_observation.search_tsv`, a generated column
`to_tsvector('norwegian'::regconfig, coalesce(text, ''))` kept up to date by PostgreSQL on every
INSERT/UPDATE, with the GIN index `insight_observation_search_tsv` on it, and drops the expression
index of migration 0003, which nothing uses any more. With the vector stored, the bitmap heap scan's
recheck (always needed for phrase queries, and for lossy pages) reads the vector instead of parsing
and stemming the text again.

It also adds the B-tree index `insight_observation_project_created` on
`(project_id, created_at DESC, id DESC)`, the list's filter and ordering: for a common word PostgreSQL
walks the project's observations newest first and stops after the page's 50 matches (checking the
stored vector of each) instead of fetching and sorting every hit; for rare words it keeps the GIN
bitmap scan. It is PostgreSQL-only like the rest, so it is not in the model's `Meta.indexes`.

The column is not on the Django model: the ORM never selects or writes it (Django leaves it out of
INSERT and UPDATE, so PostgreSQL computes it). Only `insight.search` refers to it, by name. On
SQLite the search is a plain `icontains` and this migration does nothing.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

COLUMN = "search_tsv"
INDEX = "insight_observation_search_tsv"
OLD_INDEX = "insight_observation_text_fts"
LIST_INDEX = "insight_observation_project_created"


def add_column(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE insight_observation ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        "GENERATED ALWAYS AS (to_tsvector('norwegian'::regconfig, coalesce(text, ''))) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON insight_observation USING gin ({COLUMN})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {LIST_INDEX} ON insight_observation (project_id, created_at DESC, id DESC)"
    )


def drop_column(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON insight_observation "
        "USING gin (to_tsvector('norwegian'::regconfig, text))"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {LIST_INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE insight_observation DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("insight", "0003_observation_text_fts_index")]

    operations = [migrations.RunPython(add_column, drop_column)]
