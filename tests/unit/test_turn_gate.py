"""The dispatcher's gate: sends start a few per turn of the event loop, so answers
that arrive together never hold the loop for all of them at once."""

from __future__ import annotations

import asyncio
from collections import Counter

from server.push.dispatcher import TurnGate


async def test_callers_pass_a_few_each_turn_in_the_order_they_came() -> None:
    gate = TurnGate(3)
    turn = 0
    passed: list[tuple[int, int]] = []

    async def count_turns() -> None:
        nonlocal turn
        while len(passed) < 10:
            turn += 1
            await asyncio.sleep(0)  # resumes on the next turn

    async def caller(n: int) -> None:
        await gate()
        passed.append((n, turn))

    await asyncio.gather(count_turns(), *(caller(n) for n in range(10)))
    assert [n for n, _ in passed] == list(range(10))
    per_turn = Counter(t for _, t in passed)
    assert max(per_turn.values()) == 3
    assert len(per_turn) == 4  # 3 + 3 + 3 + 1


async def test_a_caller_that_gives_up_while_waiting_takes_no_place() -> None:
    gate = TurnGate(1)
    first, second, third = (asyncio.ensure_future(gate()) for _ in range(3))
    await asyncio.sleep(0)  # the three have asked: one passed, two wait
    assert first.done() and not second.done() and not third.done()
    second.cancel()
    await asyncio.wait_for(third, timeout=1)  # the next turn's place goes to it
    assert second.cancelled()
