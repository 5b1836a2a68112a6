"""The crisis sequence: the plan's cards one at a time, skipping empty ones, with
crisis lines always one tap away."""

from __future__ import annotations

from dataclasses import dataclass

from server.safety_plan.cards import ASK_FOR_HELP, CRISIS_STEPS, Card
from server.safety_plan.service import Item, PlanContents
from server.sealed import is_unreadable


@dataclass(frozen=True)
class CrisisStep:
    """One card of the sequence, with where forward and back lead."""

    number: int  # 1-based place among CRISIS_STEPS (the ?step= value)
    card: Card
    items: list[Item]
    forward: int | None  # the next step with something in it; None: /help
    back: int | None
    position: int  # "Step 3 of 7": the place among the steps shown to this person
    total: int
    is_last: bool


def _readable(plan: PlanContents, card: Card) -> list[Item]:
    # No error messages here: an entry that cannot be opened is left out quietly.
    return [i for i in plan.of(card) if not is_unreadable(i.text)]


def crisis_steps_shown(plan: PlanContents) -> list[int]:
    """The steps with something in them. Professionals and crisis lines is never
    empty, so there is always a step to show."""
    return [
        n
        for n, card in enumerate(CRISIS_STEPS, start=1)
        if _readable(plan, card) or card.slug == "professionals"
    ]


def crisis_urls(plan: PlanContents) -> list[str]:
    """Every address of the crisis sequence, for the offline copy."""
    return ["/plan/crisis"] + [
        f"/plan/crisis?step={n}" for n in crisis_steps_shown(plan)
    ]


def crisis_step(plan: PlanContents, asked: str | None) -> CrisisStep:
    """The asked step, or the next one with something in it."""
    try:
        wanted = int(asked or "1")
    except ValueError:
        wanted = 1
    wanted = min(max(wanted, 1), len(CRISIS_STEPS))
    shown = crisis_steps_shown(plan)
    number = next((n for n in shown if n >= wanted), shown[-1])
    later = [n for n in shown if n > number]
    earlier = [n for n in shown if n < number]
    card = CRISIS_STEPS[number - 1]
    # The last step ends on the person's reasons and people to call, never back
    # at the warning signs: going round again reads as "start over".
    return CrisisStep(
        number=number,
        card=card,
        items=_readable(plan, card),
        forward=later[0] if later else None,
        back=earlier[-1] if earlier else None,
        position=shown.index(number) + 1,
        total=len(shown),
        is_last=not later,
    )


def people_to_call(plan: PlanContents) -> list[Item]:
    """The people the person can ask for help who have a number to call."""
    card = next(c for c in CRISIS_STEPS if c.slug == ASK_FOR_HELP)
    return [i for i in _readable(plan, card) if i.dial]
