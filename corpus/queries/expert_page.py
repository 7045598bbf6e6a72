"""Queries for the expert page: every stance and assessment of one expert."""

# What each record is about: the field the expert page groups and orders by.
_TOPIC = {"stance": "issue", "scenarioassessment": "scenario"}


class ExpertPageQueries:
    """QuerySet methods for this page; mixed into the record QuerySets."""

    def for_expert_page(self, expert, *, with_drafts=False):
        """The expert's published records (drafts too if asked), by topic then newest first,
        evidence loaded (and who last changed each, for the editors' rows)."""
        topic = _TOPIC[self.model._meta.model_name]
        records = self.all() if with_drafts else self.published()
        return (
            records.filter(expert=expert)
            .select_related("expert", topic, "source", "updated_by")
            .defer("source__text")
            .order_by(f"{topic}__order", f"{topic}__slug", "-stated_on", "-pk")
        )
