# Full-text search over stances (summary and quote) and assessments (rationale and quote), as
# 0003 built it for passages: SQLite gets FTS5 external-content tables kept in sync by
# triggers, PostgreSQL GIN indexes on the very expressions corpus/search_records.py matches.
# Without them, finding a rare word in 100k stances scanned every row (~0.7 s).
#
# SQLite trap (as 0003's): a later migration that alters corpus_stance or
# corpus_scenarioassessment makes Django rebuild the table, and dropping it drops these
# triggers. Such a migration must re-create them; tests/test_search_records.py fails when
# they are missing.

from django.db import migrations

TABLES = {
    # FTS table: (content table, its columns)
    "corpus_stance_fts": ("corpus_stance", ("summary", "quote")),
    "corpus_assessment_fts": ("corpus_scenarioassessment", ("rationale", "quote")),
}


def _sqlite_forward() -> list[str]:
    statements = []
    for fts, (table, columns) in TABLES.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        statements += [
            f"""
            CREATE VIRTUAL TABLE {fts} USING fts5(
                {cols}, content='{table}', content_rowid='id',
                tokenize='porter unicode61 remove_diacritics 2'
            )
            """,
            f"""
            CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN
                INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});
            END
            """,
            f"""
            CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN
                INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
            END
            """,
            f"""
            CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN
                INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
                INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});
            END
            """,
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]
    return statements


def _sqlite_backward() -> list[str]:
    statements = []
    for fts in TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS {fts}_update",
            f"DROP TRIGGER IF EXISTS {fts}_delete",
            f"DROP TRIGGER IF EXISTS {fts}_insert",
            f"DROP TABLE IF EXISTS {fts}",
        ]
    return statements


# corpus/search_records.py RECORD_VECTORS: the same expressions, so the planner uses these.
POSTGRESQL_FORWARD = [
    """
    CREATE INDEX corpus_stance_search ON corpus_stance USING gin (
        to_tsvector('english'::regconfig, COALESCE("summary", '') || ' ' || COALESCE("quote", ''))
    )
    """,
    """
    CREATE INDEX corpus_assessment_search ON corpus_scenarioassessment USING gin (
        to_tsvector('english'::regconfig, COALESCE("rationale", '') || ' ' || COALESCE("quote", ''))
    )
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS corpus_stance_search",
    "DROP INDEX IF EXISTS corpus_assessment_search",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("corpus", "0014_events"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": _sqlite_forward(), "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": _sqlite_backward(), "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
