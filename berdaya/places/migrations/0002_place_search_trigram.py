"""On PostgreSQL, a trigram index so "name contains …" place search does not scan ~92.000 rows.

Django's ``icontains`` on PostgreSQL compares ``UPPER(path::text) LIKE UPPER('%…%')``; a GIN trigram index
on exactly that expression answers it. SQLite has no such index and needs none at this size. Creating the
``pg_trgm`` extension needs a privileged role: where it is refused, search still works, only slower.
"""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS places_place_path_trgm "
                "ON places_place USING gin (UPPER(path::text) gin_trgm_ops)"
            )
    except Exception as error:  # noqa: BLE001 — an optional speed-up must never block a deployment
        log.warning("Place search index not created (%s); place search will scan the table.", error)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS places_place_path_trgm")


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
