"""The cards of a safety plan, in order.

The first seven follow the steps of the Stanley-Brown Safety Planning Intervention
(Stanley & Brown 2012), in escalating order, written in Attune's own words: the method
is free to use and cite, the published form's wording is not ours to copy. The last
two come from interpersonal neurobiology: what helps the body settle, and the people
whose presence steadies it.

Card 6 is about time and distance only. Its examples are verbs; the thing itself is
only ever named by the person, in their own words (the content brief's crisis and safety rules).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from server.web.i18n import _, _l, speaking


@dataclass(frozen=True)
class Card:
    slug: str
    title: str
    # One line that invites, never instructs.
    prompt: str
    examples: tuple[str, ...]
    # What one entry is called in labels ("Sign 2", "Person 1").
    item_label: str
    # Contacts have a name, an optional phone and an optional note.
    contacts: bool = False
    # Stanley-Brown step (1 to 7), or None for the IPNB additions.
    step: int | None = None
    # What the crisis sequence says above this card's entries.
    crisis_lead: str = ""

    @property
    def add_label(self) -> str:
        return _("Add to “%(card)s”") % {"card": self.title}


CARDS: tuple[Card, ...] = (
    Card(
        slug="warning-signs",
        title=_l("Signs a hard time may be starting"),
        prompt=_l(
            "What do you notice in your thoughts, feelings, body or days when things start to get hard?"
        ),
        examples=(
            _l("I stop answering messages"),
            _l("Lying awake going over the same thoughts"),
            _l("Everything starts to feel far away"),
        ),
        item_label=_l("Sign"),
        step=1,
        crisis_lead=_l(
            "These are the signs you noticed before. Seeing them is already a step."
        ),
    ),
    Card(
        slug="on-my-own",
        title=_l("Things I can do on my own"),
        prompt=_l(
            "What helps you feel a little steadier, even for a few minutes, without needing anyone else?"
        ),
        examples=(
            _l("Take a warm shower and put on something soft"),
            _l("Walk around the block and name what I see"),
            _l("Play the album that calms me"),
        ),
        item_label=_l("Thing I can do"),
        step=2,
        crisis_lead=_l("Pick one of these, if you like. Small is enough."),
    ),
    Card(
        slug="connect",
        title=_l("People and places that help me feel connected"),
        prompt=_l(
            "Who or where helps you feel less alone, or takes your mind off things for a while?"
        ),
        examples=(
            _l("The café on the corner"),
            _l("My cousin Ana, who talks about football"),
            _l("The reading room at the library"),
        ),
        item_label=_l("Person or place"),
        contacts=True,
        step=3,
        crisis_lead=_l(
            "Being near someone, or somewhere with people around, can help. You do not have to talk about how you feel."
        ),
    ),
    Card(
        slug="ask-for-help",
        title=_l("People I can ask for help"),
        prompt=_l("Who could you tell that you are having a hard time?"),
        examples=(_l("My sister"), _l("My friend Sam"), _l("My neighbour Jo")),
        item_label=_l("Person"),
        contacts=True,
        step=4,
        crisis_lead=_l(
            "You can tell one of these people that things are hard right now."
        ),
    ),
    Card(
        slug="professionals",
        title=_l("Professionals and crisis lines"),
        prompt=_l(
            "Your therapist, doctor, or a service you trust. Crisis lines for where you are are always here too."
        ),
        examples=(
            _l("My therapist, Dr Lee"),
            _l("My doctor's surgery"),
            _l("The out-of-hours team"),
        ),
        item_label=_l("Professional or service"),
        contacts=True,
        step=5,
        # "Any hour" and "free" are true of the crisis lines only, never of a
        # person's own therapist or doctor: the template says it beside the lines.
        crisis_lead=_l(
            "People whose job is to help. Your own therapist or doctor may only answer at set times."
        ),
    ),
    Card(
        slug="safer-space",
        title=_l("Making my space safer"),
        prompt=_l(
            "What could put more time and distance between you and things that are not safe for you right now? Use your own words."
        ),
        examples=(
            _l("Ask someone I trust to keep it for a while"),
            _l("Put it somewhere that takes time to reach"),
            _l("Spend the evening somewhere it is not"),
        ),
        item_label=_l("Step"),
        step=6,
        crisis_lead=_l(
            "More time and more distance help a hard moment pass. These are your own steps."
        ),
    ),
    Card(
        slug="reasons",
        title=_l("My reasons for living"),
        prompt=_l(
            "What matters most to you? People, hopes and small things all count."
        ),
        examples=(
            _l("My dog, who waits for me by the door"),
            _l("Seeing my niece grow up"),
            _l("Swimming in the sea in summer"),
        ),
        item_label=_l("Reason"),
        step=7,
        crisis_lead=_l("These are the things that matter to you."),
    ),
    Card(
        slug="cues-of-safety",
        title=_l("Cues of safety"),
        prompt=_l("What helps your body settle and feel a little safer?"),
        examples=(
            _l("A warm drink held in both hands"),
            _l("Breathing out a little longer than I breathe in"),
            _l("The sound of rain"),
        ),
        item_label=_l("Cue"),
    ),
    Card(
        slug="co-regulators",
        title=_l("My co-regulators"),
        prompt=_l(
            "Whose calm presence helps your body settle? Interpersonal neurobiology calls this co-regulation: leaning on someone's steadiness."
        ),
        examples=(
            _l("My grandmother's voice on the phone"),
            _l("Sitting quietly with my partner"),
            _l("Walking with my friend Noor"),
        ),
        item_label=_l("Person"),
        contacts=True,
    ),
)

BY_SLUG = {card.slug: card for card in CARDS}

# The crisis sequence walks the Stanley-Brown steps, in order.
CRISIS_STEPS: tuple[Card, ...] = tuple(card for card in CARDS if card.step)

PROFESSIONALS = "professionals"
ASK_FOR_HELP = "ask-for-help"
COPING = "on-my-own"
REASONS = "reasons"


def card_for(slug: str) -> Card | None:
    return BY_SLUG.get(slug)


@cache
def cards_in(language: str) -> tuple[Card, ...]:
    """The cards with their words in one language, as plain text: a lazy text costs
    several lookups each time a page shows it, and the plan shows dozens."""
    with speaking(language):
        return tuple(
            replace(
                card,
                title=str(card.title),
                prompt=str(card.prompt),
                examples=tuple(str(example) for example in card.examples),
                item_label=str(card.item_label),
                crisis_lead=str(card.crisis_lead),
            )
            for card in CARDS
        )
