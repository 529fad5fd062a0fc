"""Create the database cache table, so that `migrate` alone leaves a working instance.

The default cache (settings.CACHES) is a database table when REDIS_URL is not set; it holds the
login rate-limit counters and cached figures. Without the table, logins and some pages would
fail. `createcachetable` skips tables that exist and caches that are not database caches.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: object, schema_editor: object) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)  # type: ignore[attr-defined]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_invitation")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True)]
