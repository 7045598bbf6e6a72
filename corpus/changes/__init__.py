"""The one door for changes to the record: every write to a stance or assessment goes here.

Views, import, ingest, add-source and the synthetic-data generator call these functions;
nothing else sets a record's status or writes its table (the models refuse it).
"""

from corpus.changes.records import (
    Outcome,
    PendingConflict,
    accept,
    bulk_import,
    create_draft,
    delete_draft,
    deprecate,
    edit,
    import_record,
    insert,
    live_change,
    reassign_expert,
    reject,
    restore,
    revert,
    send_back,
    with_change,
    withdraw,
)

__all__ = [
    "Outcome",
    "PendingConflict",
    "accept",
    "bulk_import",
    "create_draft",
    "delete_draft",
    "deprecate",
    "edit",
    "import_record",
    "insert",
    "live_change",
    "reassign_expert",
    "reject",
    "restore",
    "revert",
    "send_back",
    "with_change",
    "withdraw",
]
