"""When it isn't safe to repair (issue 26): the repair questions end, the next step
suggests no echo of the past, and Attune says that the person's alarm may be right,
with their country's abuse line, /help and their plan."""

from __future__ import annotations

import html
import re

from server.accounts.models import User
from server.places.crisis_lines import help_for
from tests.app.reflections.helpers import form_key, write
from tests.conftest import Client

ANSWER = "Your alarm may be right. This is not your fault."
REPAIR_TEXT = "What was said or done, or what could be?"
CLOSENESS = "How connected do you feel now, from 0 to 10?"
ECHO = "Sometimes a moment now echoes something older"


async def live_in(code: str) -> None:
    await User.filter(username="alice").update(country=code)


def abuse_lines(code: str) -> list:
    found = help_for(code)
    assert found is not None and found.abuse_lines, f"no abuse line for {code}"
    return list(found.abuse_lines)


def repair_section(page: str) -> str:
    start = page.index('id="s-repair"')
    return page[start : page.index("</section>", page.index(ANSWER, start))]


async def test_the_one_page_form_says_it_right_after_the_choice(alice: Client) -> None:
    await live_in("ES")
    page = (await alice.get("/reflections/new")).text
    text = html.unescape(page)
    # Without JavaScript: every question stays and is optional; the answer
    # follows the repair choice, before the two repair questions.
    assert text.index("It isn't safe to") < text.index(ANSWER) < text.index(REPAIR_TEXT)
    assert CLOSENESS in text
    for line in abuse_lines("ES"):
        assert f'href="{html.escape(line.href)}"' in page
        assert line.action in text
    assert 'data-skipped-when="repair_tried=not-safe"' in page
    assert "leave the questions about repair and closeness empty" in text


async def test_a_not_safe_entry_written_without_javascript_shows_the_answer(
    alice: Client,
) -> None:
    await live_in("ES")
    reflection_id = await write(
        alice,
        occurred_on="2025-05-03",
        what_happened="He shouted and took my phone.",
        repair_tried="not-safe",
    )
    page = (await alice.get(f"/reflections/{reflection_id}")).text
    section = html.unescape(repair_section(page))
    assert "Not safe to repair" in section
    assert ANSWER in section
    line = abuse_lines("ES")[0]
    assert f'href="{line.href}"' in section and line.action in section
    assert 'href="/help"' in section and 'href="/plan"' in section
    # Nothing asks for, or counts as missing, what was not asked.
    for asked in ("What was said or done", "Connection afterwards", "You skipped"):
        assert asked not in section
    assert "leave the questions about repair" not in section


async def test_the_entry_of_a_tried_repair_says_nothing_of_it(alice: Client) -> None:
    await live_in("ES")
    reflection_id = await write(alice, occurred_on="2025-05-03", repair_tried="tried")
    page = html.unescape((await alice.get(f"/reflections/{reflection_id}")).text)
    assert ANSWER not in page


async def test_the_steps_skip_the_repair_questions_and_the_echo(alice: Client) -> None:
    await live_in("ES")
    first = await alice.get("/reflections/new/step/1", headers={"HX-Request": "true"})
    key = form_key(first.text)
    # The repair step before any answer: the answer waits, the questions show.
    step5 = await alice.get("/reflections/new/step/5", headers={"HX-Request": "true"})
    assert re.search(r'data-shown-when="repair_tried=not-safe" hidden', step5.text)
    assert not re.search(r'data-skipped-when="[^"]+" hidden', step5.text)
    lesson = await alice.post_form(
        "/reflections/new/step/5",
        {"repair_tried": "not-safe", "key": key, "go": "next"},
        htmx=True,
    )
    assert "Step 6 of 6" in lesson.text
    assert ECHO not in lesson.text
    assert "Does this moment link to something from before?" not in lesson.text
    assert "Is there anything you want to remember about this moment?" in lesson.text
    # Back on the repair step, the two questions are skipped and the answer shows.
    back = await alice.post_form(
        "/reflections/new/step/6", {"key": key, "go": "back"}, htmx=True
    )
    assert "Step 5 of 6" in back.text
    assert re.search(r'data-skipped-when="repair_tried=not-safe" hidden', back.text)
    assert not re.search(r'data-shown-when="[^"]+" hidden', back.text)
    assert ANSWER in html.unescape(back.text)


async def test_without_an_abuse_line_it_offers_help_and_the_emergency_number(
    alice: Client,
) -> None:
    await live_in("GB")
    britain = help_for("GB")
    assert britain is not None and not britain.abuse_lines and britain.emergency
    reflection_id = await write(
        alice, occurred_on="2025-05-03", repair_tried="not-safe"
    )
    section = repair_section((await alice.get(f"/reflections/{reflection_id}")).text)
    assert 'href="/help"' in section and 'href="/plan"' in section
    assert f'href="{britain.emergency[0].href}"' in section
    assert not any("danger" in c for c in re.findall(r'class="([^"]*)"', section))


async def test_with_no_country_chosen_it_still_offers_help(alice: Client) -> None:
    await live_in("XX")
    reflection_id = await write(
        alice, occurred_on="2025-05-03", repair_tried="not-safe"
    )
    section = repair_section((await alice.get(f"/reflections/{reflection_id}")).text)
    assert 'href="/help"' in section and 'href="/plan"' in section
    assert "tel:" not in section
