"""A GIN index for the Norwegian full-text search over observations (PostgreSQL only).

The expression must be the one `insight.search.NorwegianVector` produces. On SQLite the search
is a plain `icontains` and there is nothing to index, so the operation does nothing there.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "insight_observation_text_fts"


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON insight_observation "
            "USING gin (to_tsvector('norwegian'::regconfig, text))"
        )


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("insight", "0002_import_job")]

    operations = [migrations.RunPython(create_index, drop_index)]
