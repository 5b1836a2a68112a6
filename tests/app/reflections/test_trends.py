from __future__ import annotations

import re

from tests.app.reflections.helpers import write
from tests.conftest import Client


async def test_it_is_kind_when_there_are_too_few_entries(alice: Client) -> None:
    page = await alice.get("/reflections/trends")
    assert page.status_code == 200
    assert "You have written 0 so far" in page.text
    await write(alice, intensity="5", repair_tried="tried")
    await write(alice, intensity="6")
    page = await alice.get("/reflections/trends")
    assert "You have written 2 so far, and that already counts" in page.text
    assert '<svg class="chart"' not in page.text


async def test_it_draws_trends_from_known_entries(alice: Client) -> None:
    await write(
        alice,
        occurred_on="2025-05-02",
        intensity="8",
        connection="3",
        repair_tried="tried",
    )
    await write(
        alice,
        occurred_on="2025-05-10",
        intensity="6",
        connection="7",
        repair_tried="not-yet",
    )
    await write(
        alice,
        occurred_on="2025-05-20",
        intensity="4",
        connection="9",
        repair_tried="tried",
    )
    page = await alice.get("/reflections/trends")
    assert page.status_code == 200
    html = page.text
    assert "you tried a repair 2 times out of the 3" in html
    assert '<th scope="row">May 2025</th><td>3</td><td>2 of 3</td><td>67%</td>' in html
    for day, intensity, connection in (
        ("2 May 2025", "8", "3"),
        ("10 May 2025", "6", "7"),
        ("20 May 2025", "4", "9"),
    ):
        assert (
            f'<th scope="row">{day}</th><td>{intensity}</td><td>{connection}</td>'
            in html
        )
    # The line chart is a group of points a person can focus; the bars one image.
    assert html.count('class="point" tabindex="0" role="img"') == 3
    assert 'aria-label="2 May 2025: intensity 8, connection 3"' in html
    assert "In the last" not in html
    assert (
        "Across all your reflections, 3 reflections have both numbers. Intensity "
        "in the moment averaged 6 out of 10; connection afterwards averaged 6.3 "
        "out of 10." in html
    )
    assert 'aria-labelledby="line-title line-desc"' in html
    assert '<title id="line-title">' in html
    line_chart, bar_chart = html.split('<svg class="chart"')[1:3]
    assert len(re.findall(r'<circle [^>]*class="dot-intensity"', line_chart)) == 3
    assert len(re.findall(r'<rect [^>]*class="dot-connection"', line_chart)) == 3
    assert len(re.findall(r'class="bar"', bar_chart)) == 1
    # Colours come from classes (CSS variables), never from severity fills.
    assert 'fill="#' not in html and 'stroke="#' not in html
    assert "style=" not in html
    assert 'hx-history="false"' in html


async def test_trends_only_count_the_persons_own_entries(
    alice: Client, bob: Client
) -> None:
    for _ in range(3):
        await write(alice, intensity="5", repair_tried="tried")
    page = await bob.get("/reflections/trends")
    assert "You have written 0 so far" in page.text
