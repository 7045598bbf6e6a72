"""The headers htmx sends, for the test client's `headers=`."""

# A request htmx makes to swap part of a page.
HTMX = {"HX-Request": "true"}
# htmx asking for a whole page again, to restore a history entry it no longer holds.
HISTORY_RESTORE = {**HTMX, "HX-History-Restore-Request": "true"}
