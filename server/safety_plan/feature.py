"""The safety plan as the app sees it (server/feature.py)."""

from __future__ import annotations

from server.feature import Feature
from server.privacy import PersonalData
from server.safety_plan import restore, routes
from server.safety_plan.models import Plan, PlanItem, ShareLink
from server.web.i18n import _l

FEATURE = Feature(
    name="safety_plan",
    routes=routes.ROUTES,
    flash_messages=routes.FLASH_MESSAGES,
    field_labels={
        "safety_plan": _l("Safety plan"),
        "safety_plan_items": _l("Safety plan items"),
        "safety_plan_links": _l("Safety plan links"),
        "viewed_at": _l("Viewed at"),
        "review_dismissed_at": _l("Review dismissed at"),
        "card": _l("Card"),
        "card_id": _l("Card id"),
        "position": _l("Position"),
        "text": _l("Text"),
        "phone": _l("Phone"),
        "source": _l("Source"),
        "for": _l("For"),
        "shows_phone_numbers": _l("Shows phone numbers"),
        "expires_at": _l("Expires at"),
        # Posted only (shown back on the page that keeps a form in an outage).
        "label": _l("Label"),
        "days": _l("Days"),
    },
    models="server.safety_plan.models",
    personal_data=(
        PersonalData(Plan, "safety_plan", order_by=("created_at",)),
        PersonalData(PlanItem, "safety_plan_items", order_by=("card", "position")),
        PersonalData(ShareLink, "safety_plan_links", order_by=("created_at",)),
    ),
    importers=(restore.restore_items,),
    sections={"plan": "plan"},
    form_controls=frozenset({"action", "item"}),
)
