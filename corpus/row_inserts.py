"""Rows written with one plain INSERT statement, their values prepared as the ORM prepares
them (each field's get_db_prep_save): for hot paths where bulk_create's compiling per batch
costs more than the rows (the read models on every edit, the tests' snapshot restores)."""

from django.db import connection


def insert_statement(model, fields) -> str:
    """INSERT INTO the model's table (these fields' columns) VALUES (%s, …)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"


def prepared_values(rows, fields) -> list[tuple]:
    """Each row's values of these fields, as the database takes them."""
    return [
        tuple(f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields)
        for row in rows
    ]
