"""'This number did not work': a form beside every line on /help that needs no
account, keeps nothing about the person, refuses bad input with a message, is
limited per address, and whose reports an operator lists by line."""

from __future__ import annotations

import html
import re
from pathlib import Path

from server.places.crisis_lines import help_for
from server.places.models import LineReport
from tests.app.cli.test_commands import attune
from tests.conftest import Client

COUNTRY = "ES"


def first_line_id() -> str:
    spain = help_for(COUNTRY)
    assert spain is not None and spain.lines
    return spain.lines[0].id


def report_url(line_id: str) -> str:
    return f"/help/report?country={COUNTRY}&line={line_id}"


async def test_every_line_on_help_links_to_its_report_form(client: Client) -> None:
    page = html.unescape((await client.get(f"/help?country={COUNTRY}")).text)
    spain = help_for(COUNTRY)
    assert spain is not None
    for line in spain.lines + spain.abuse_lines:
        assert report_url(line.id) in page, line.name


async def test_a_visitor_reports_a_line_and_nothing_about_them_is_kept(
    client: Client,
) -> None:
    line_id = first_line_id()
    form = await client.get(report_url(line_id))
    assert form.status_code == 200 and "What happened?" in form.text
    response = await client.post_form(
        "/help/report",
        {
            "country": COUNTRY,
            "line": line_id,
            "reason": "no-connection",
            "note": "Rang out at 3am",
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/help"
    after = await client.get("/help")
    assert "Thank you. Your report is kept with the line" in after.text
    (report,) = await LineReport.all()
    assert (report.country, report.line, report.reason, report.note) == (
        COUNTRY,
        line_id,
        "no-connection",
        "Rang out at 3am",
    )
    assert report.language == "en"
    # The row has no place for an account, an address or a cookie.
    assert set(LineReport._meta.fields_map) == {
        "id",
        "country",
        "line",
        "reason",
        "note",
        "day",
        "language",
    }


async def test_bad_input_gets_a_message_and_keeps_the_note(client: Client) -> None:
    line_id = first_line_id()
    response = await client.post_form(
        "/help/report",
        {"country": COUNTRY, "line": line_id, "reason": "", "note": "kept words"},
    )
    assert response.status_code == 422
    assert "Choose what happened." in response.text
    assert "kept words" in response.text
    long_note = "x" * 201
    response = await client.post_form(
        "/help/report",
        {"country": COUNTRY, "line": line_id, "reason": "other", "note": long_note},
    )
    assert response.status_code == 422
    assert "Please keep this under 200 characters." in response.text
    assert long_note in response.text
    gone = await client.post_form(
        "/help/report",
        {"country": COUNTRY, "line": "000-call", "reason": "other", "note": ""},
    )
    assert gone.status_code == 422
    assert "That line is not listed any more." in gone.text
    assert (await client.get(report_url("000-call"))).status_code == 404
    assert await LineReport.all().count() == 0


async def test_a_report_needs_the_csrf_token(client: Client) -> None:
    response = await client.post(
        "/help/report",
        data={"country": COUNTRY, "line": first_line_id(), "reason": "other"},
    )
    assert response.status_code == 403
    assert await LineReport.all().count() == 0


async def test_reports_are_limited_per_address(client: Client) -> None:
    data = {"country": COUNTRY, "line": first_line_id(), "reason": "closed"}
    statuses = [
        (await client.post_form("/help/report", data)).status_code for _ in range(7)
    ]
    assert statuses == [303] * 5 + [429] * 2
    assert await LineReport.all().count() == 5


def test_the_operator_lists_reports_by_line_and_flags_three_in_30_days(
    tmp_path: Path,
) -> None:
    import asyncio

    from server.db import database
    from server.features import FEATURES
    from server.settings import Settings
    from server.web.clock import utcnow

    assert attune(tmp_path, "migrate").returncode == 0
    line_id = first_line_id()

    async def write(count: int, line: str, days_ago: int) -> None:
        async with database(Settings(instance_dir=tmp_path), FEATURES.tortoise_apps):
            for _ in range(count):
                await LineReport.create(
                    country=COUNTRY,
                    line=line,
                    reason="no-connection",
                    day=utcnow().date().replace(day=1)
                    if days_ago > 30
                    else utcnow().date(),
                    language="es",
                )

    asyncio.run(write(2, line_id, 0))
    listed = attune(tmp_path, "line-reports")
    assert listed.returncode == 0
    assert f"{COUNTRY} {line_id}" in listed.stdout and "FLAGGED" not in listed.stdout
    assert attune(tmp_path, "line-reports", "--flagged").stdout.startswith(
        "No line is flagged."
    )
    asyncio.run(write(1, line_id, 0))
    flagged = attune(tmp_path, "line-reports", "--flagged").stdout
    assert re.search(
        rf"^FLAGGED {COUNTRY} {re.escape(line_id)} .*3 in 30 days", flagged, re.M
    )
