"""On PostgreSQL, the database itself refuses to change or delete a recorded EPCIS event (or its
identifiers, or an error declaration): append-only holds even for a script that skips the app."""

from django.db import migrations

TABLES = ("traceability_traceevent", "traceability_traceeventepc", "traceability_errordeclaration")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        """
        CREATE OR REPLACE FUNCTION traceability_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'EPCIS events are append-only: declare an error instead (%%)', TG_TABLE_NAME;
        END;
        $$ LANGUAGE plpgsql;
        """
    )
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION traceability_append_only()"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS traceability_append_only()")


class Migration(migrations.Migration):
    dependencies = [("traceability", "0001_batches_events_serials_scans")]
    operations = [migrations.RunPython(forward, backward)]
