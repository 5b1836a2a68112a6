"""What people read for the names of stored and posted fields: one table for the
readable export (its sections and fields) and for the page that keeps a form
during an outage, in the reader's language."""

from __future__ import annotations

from server.web.i18n import _l

# English labels are the keys written out ("created_at" -> "Created at"), as the
# pages showed them before they were translated.
FIELD_LABELS = {
    # Sections (server/privacy.py registrations).
    "account": _l("Account"),
    "sessions": _l("Sessions"),
    "reminders": _l("Reminders"),
    "push_subscriptions": _l("Push subscriptions"),
    "push_deliveries": _l("Push deliveries"),
    "safety_plan": _l("Safety plan"),
    "safety_plan_items": _l("Safety plan items"),
    "safety_plan_links": _l("Safety plan links"),
    "reflections": _l("Reflections"),
    "reflection_drafts": _l("Reflection drafts"),
    "lesson_progress": _l("Lesson progress"),
    "lesson_notes": _l("Lesson notes"),
    "passkeys": _l("Passkeys"),
    # Fields: the account and its sessions.
    "username": _l("Username"),
    "country": _l("Country"),
    "timezone": _l("Timezone"),
    "language": _l("Language"),
    "created_at": _l("Created at"),
    "signed_in_at": _l("Signed in at"),
    "last_seen_at": _l("Last seen at"),
    # Passkeys.
    "name": _l("Name"),
    "credential_id": _l("Credential id"),
    "last_used_at": _l("Last used at"),
    "synced": _l("Synced"),
    # Reminders, devices and deliveries.
    "enabled": _l("Enabled"),
    "time": _l("Time"),
    "enabled_at": _l("Enabled at"),
    "push_service": _l("Push service"),
    "endpoint": _l("Endpoint"),
    "date": _l("Date"),
    "sent_at": _l("Sent at"),
    "outcome": _l("Outcome"),
    # The safety plan.
    "viewed_at": _l("Viewed at"),
    "review_dismissed_at": _l("Review dismissed at"),
    "card": _l("Card"),
    "card_id": _l("Card id"),
    "position": _l("Position"),
    "text": _l("Text"),
    "phone": _l("Phone"),
    "note": _l("Note"),
    "source": _l("Source"),
    "for": _l("For"),
    "shows_phone_numbers": _l("Shows phone numbers"),
    "expires_at": _l("Expires at"),
    # Reflections and their draft.
    "id": _l("Id"),
    "occurred_on": _l("Occurred on"),
    "updated_at": _l("Updated at"),
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
    # Lessons.
    "lesson_title": _l("Lesson title"),
    "lesson": _l("Lesson"),
    "done_at": _l("Done at"),
    "saved_at": _l("Saved at"),
    "written_at": _l("Written at"),
    # Fields only forms post (shown back on the page that keeps a form in an outage).
    "label": _l("Label"),
    "days": _l("Days"),
    "passphrase": _l("Passphrase"),
    "passphrase_confirm": _l("Passphrase confirm"),
    "current": _l("Current"),
    "code": _l("Code"),
}


def field_label(key: str) -> str:
    """A field or section by its name in the reader's language; a name not listed
    yet (a feature added later) is written out, in English ("what_happened" ->
    "What happened")."""
    found = FIELD_LABELS.get(key)
    return (
        str(found) if found is not None else key.replace("_", " ").strip().capitalize()
    )
