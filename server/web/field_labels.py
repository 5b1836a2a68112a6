"""What people read for the names of stored and posted fields: for the readable
export (its sections and fields) and for the page that keeps a form during an
outage, in the reader's language. Each feature labels its own fields in its
manifest (`field_labels`); the app reads them together into one FieldLabels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server.web.i18n import _l

# Fields several features' rows have. English labels are the keys written out
# ("created_at" -> "Created at"), as the pages showed them before translation.
COMMON_LABELS = {
    "id": _l("Id"),
    "created_at": _l("Created at"),
    "updated_at": _l("Updated at"),
    "timezone": _l("Timezone"),
    "note": _l("Note"),
}


class FieldLabels(dict[str, Any]):
    """Every feature's labels by field or section name; called with a name, the
    label in the reader's language."""

    @classmethod
    def combine(cls, *tables: Mapping[str, Any]) -> FieldLabels:
        """A name labelled twice is a mistake caught at startup (one of the two
        would be shown for both): a name several features use is common."""
        combined = cls(COMMON_LABELS)
        for table in tables:
            if clash := combined.keys() & table.keys():
                raise ValueError(f"fields labelled twice: {sorted(clash)}")
            combined.update(table)
        return combined

    def __call__(self, key: str) -> str:
        """A name not labelled yet (a feature added later) is written out, in
        English ("what_happened" -> "What happened")."""
        found = self.get(key)
        return (
            str(found)
            if found is not None
            else key.replace("_", " ").strip().capitalize()
        )
