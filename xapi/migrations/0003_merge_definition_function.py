"""On PostgreSQL, ``xapi_merge_definition``: ``xapi.statements.merge_definition`` in SQL.

The statement store merges activity definitions in the database
(``xapi.storage``), so that a batch about known activities reads none of
their rows back. Both must stay the same function: the top-level properties
of the incoming definition replace the stored ones, except the language maps
``name`` and ``description`` and the ``extensions``, which are joined, the
incoming entries winning. Other databases merge in Python.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION xapi_merge_definition(stored jsonb, incoming jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT stored || incoming || COALESCE(
        (SELECT jsonb_object_agg(
                    key,
                    CASE WHEN jsonb_typeof(stored -> key) = 'object'
                         THEN stored -> key ELSE '{}'::jsonb END
                    || (incoming -> key))
           FROM unnest(ARRAY['name', 'description', 'extensions']) AS key
          WHERE jsonb_typeof(incoming -> key) = 'object'),
        '{}'::jsonb)
$$;
"""

DROP = "DROP FUNCTION IF EXISTS xapi_merge_definition(jsonb, jsonb);"


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("xapi", "0002_statement_target_agent_verb")]

    operations = [migrations.RunPython(create_function, drop_function)]
