"""Queries for the source reader: the records that quote one source."""

# What each kind of record speaks to, loaded with it for the marks' labels.
_TARGETS = {"stance": "issue", "scenarioassessment": "scenario"}


class SourceReaderQueries:
    """QuerySet methods for the source reader; mixed into the record QuerySets."""

    def visible_to(self, user):
        """Everything for those who may edit this kind of record; published records otherwise."""
        meta = self.model._meta
        if user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            return self.all()
        return self.published()

    def in_reader(self, source, user):
        """Records quoting source that user may see, in reading order (one query)."""
        return (
            self.visible_to(user)
            .filter(source=source)
            .select_related("expert", _TARGETS[self.model._meta.model_name])
            .order_by("quote_start", "-quote_end", "pk")
        )
