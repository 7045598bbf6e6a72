# PostgreSQL only: keep each passage's search vector in a stored generated column with a GIN
# index, replacing 0003's expression index. Matching could use either, but ranking (ts_rank)
# needs the vector of every matching passage: read from the column it costs microseconds,
# recomputed from the text (the expression index stores no vectors) it cost ~0.4 s for a
# broad query at 100k passages. The column is not a model field on purpose: no query ever
# loads it, and SQLite (FTS5, migration 0003) has no such type. corpus/search.py reads it.

from django.db import migrations

POSTGRESQL_FORWARD = [
    """
    ALTER TABLE corpus_passage ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE("text", ''))) STORED
    """,
    # search_passages(): filter(search_document @@ query), ranked by ts_rank(search_document, …)
    "CREATE INDEX corpus_passage_search_document ON corpus_passage USING gin (search_document)",
    "DROP INDEX IF EXISTS corpus_passage_search",
]
POSTGRESQL_BACKWARD = [
    """
    CREATE INDEX corpus_passage_search ON corpus_passage
    USING gin (to_tsvector('english'::regconfig, COALESCE("text", '')))
    """,
    "DROP INDEX IF EXISTS corpus_passage_search_document",
    "ALTER TABLE corpus_passage DROP COLUMN IF EXISTS search_document",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("corpus", "0004_presentation"),
    ]

    operations = [
        migrations.RunPython(_run(POSTGRESQL_FORWARD), _run(POSTGRESQL_BACKWARD)),
    ]
