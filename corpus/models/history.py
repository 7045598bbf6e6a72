"""History tables for the record (django-simple-history), with the history manager's class
made once per model.

simple_history's descriptor builds a new manager class (`Manager.from_queryset`) on every
`instance.history` access, and every save reads it to write its history row: a fixed cost on
every edit, import, ingest and test factory (about 4% of the test suite's time).
"""

import functools

from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords


class _HistoryDescriptor(HistoryDescriptor):
    @functools.cached_property
    def _manager_class(self):
        return self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self._manager_class(self.model, instance)


class RecordHistory(HistoricalRecords):
    """HistoricalRecords whose `history` descriptor reuses one manager class."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:
            setattr(
                sender,
                self.manager_name,
                _HistoryDescriptor(
                    descriptor.model,
                    manager=descriptor.manager_class,
                    queryset=descriptor.queryset_class,
                ),
            )
