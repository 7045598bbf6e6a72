"""Queries for the expert page: every stance and assessment of one expert."""

# What each record is about: the field the expert page groups and orders by.
_TOPIC = {"stance": "issue", "scenarioassessment": "scenario"}


class ExpertPageQueries:
    """QuerySet methods for this page; mixed into the record QuerySets."""

    def for_expert_page(self, expert):
        """The expert's published records, by topic then newest first, evidence loaded."""
        topic = _TOPIC[self.model._meta.model_name]
        return (
            self.published()
            .filter(expert=expert)
            .select_related("expert", topic, "source")
            .defer("source__text")
            .order_by(f"{topic}__order", f"{topic}__slug", "-stated_on", "-pk")
        )
