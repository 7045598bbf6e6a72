# Full-text search over passages (corpus/search.py), built per database vendor:
# SQLite gets an FTS5 external-content table kept in sync by triggers, PostgreSQL a GIN
# index on the very expression django.contrib.postgres.search compiles
# SearchVector("text", config="english") to, so the planner can use it.
#
# SQLite trap: a later migration that alters corpus_passage makes Django rebuild the table
# (create, copy, drop, rename), and dropping it drops these triggers. Such a migration must
# re-create them; tests/test_search.py fails when they are missing.

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE corpus_passage_fts USING fts5(
        text,
        content='corpus_passage',
        content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER corpus_passage_fts_insert AFTER INSERT ON corpus_passage BEGIN
        INSERT INTO corpus_passage_fts(rowid, text) VALUES (new.id, new.text);
    END
    """,
    """
    CREATE TRIGGER corpus_passage_fts_delete AFTER DELETE ON corpus_passage BEGIN
        INSERT INTO corpus_passage_fts(corpus_passage_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
    END
    """,
    """
    CREATE TRIGGER corpus_passage_fts_update AFTER UPDATE ON corpus_passage BEGIN
        INSERT INTO corpus_passage_fts(corpus_passage_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO corpus_passage_fts(rowid, text) VALUES (new.id, new.text);
    END
    """,
    # Index the passages that existed before this migration.
    "INSERT INTO corpus_passage_fts(corpus_passage_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS corpus_passage_fts_update",
    "DROP TRIGGER IF EXISTS corpus_passage_fts_delete",
    "DROP TRIGGER IF EXISTS corpus_passage_fts_insert",
    "DROP TABLE IF EXISTS corpus_passage_fts",
]

POSTGRESQL_FORWARD = [
    # search_passages(): filter(SearchVector("text", config="english") @@ query)
    """
    CREATE INDEX corpus_passage_search ON corpus_passage
    USING gin (to_tsvector('english'::regconfig, COALESCE("text", '')))
    """,
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS corpus_passage_search"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("corpus", "0002_role_groups"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
