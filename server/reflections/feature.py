"""The journal as the app sees it (server/feature.py)."""

from __future__ import annotations

from server.feature import Feature
from server.privacy import PersonalData
from server.reflections import restore, routes
from server.reflections.models import Reflection, ReflectionDraft
from server.web.i18n import _l

FEATURE = Feature(
    name="reflections",
    routes=routes.ROUTES,
    flash_messages=routes.FLASH_MESSAGES,
    field_labels={
        "reflections": _l("Reflections"),
        "reflection_drafts": _l("Reflection drafts"),
        "occurred_on": _l("Occurred on"),
        "relationship_kind": _l("Relationship kind"),
        "person_name": _l("Person name"),
        "what_happened": _l("What happened"),
        "body_location": _l("Body location"),
        "body_notes": _l("Body notes"),
        "loudest_part": _l("Loudest part"),
        "protective_wanted": _l("Protective wanted"),
        "vulnerable_wanted": _l("Vulnerable wanted"),
        "compassionate_wanted": _l("Compassionate wanted"),
        "repair_tried": _l("Repair tried"),
        "repair_text": _l("Repair text"),
        "lesson_learned": _l("Lesson learned"),
        "intensity": _l("Intensity"),
        "connection": _l("Connection"),
        "sensations": _l("Sensations"),
        "step": _l("Step"),
        "values": _l("Values"),
    },
    models="server.reflections.models",
    personal_data=(
        PersonalData(Reflection, "reflections", order_by=("occurred_on", "created_at")),
        PersonalData(ReflectionDraft, "reflection_drafts"),
    ),
    importers=(restore.restore_reflections, restore.restore_draft),
    sections={"reflections": "journal"},
    form_controls=frozenset({"go", "key"}),
)
