"""The `attune` command: serve, migrate, load-lessons, push-dispatch, vapid-keys,
rotate-key, import."""

from __future__ import annotations

import asyncio
import base64
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import click

from server.settings import get_settings


def run_with_database(work: Callable[[], Awaitable[Any]]) -> Any:
    from server.db import database
    from server.features import FEATURES

    async def runner() -> Any:
        async with database(get_settings(), FEATURES.tortoise_apps):
            return await work()

    return asyncio.run(runner())


@click.group()
def main() -> None:
    """Attune: a calm companion for healing through connection."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
def serve(host: str, port: int, workers: int) -> None:
    """Run the web app with uvicorn."""
    import uvicorn

    uvicorn.run(
        "server.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # asyncio's own loop, not uvloop: under full load uvloop serves new
        # requests before finishing started ones (MagicStack/uvloop#123), so a few
        # waited 1-2 s while the median was 75 ms. Throughput is the same here.
        loop="asyncio",
        proxy_headers=True,
        access_log=False,  # paths can carry private ids; nothing else is needed
        server_header=False,
    )


@main.command()
def migrate() -> None:
    """Apply database migrations (a deploy step: run once, not per instance)."""
    from server.db import run_migrations
    from server.features import FEATURES

    asyncio.run(run_migrations(get_settings(), FEATURES.tortoise_apps))
    click.echo("Database is up to date.")


@main.command("load-lessons")
@click.option(
    "--directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Lesson files to load (default: server/lessons/content).",
)
def load_lessons(directory: Path | None) -> None:
    """Import lessons from server/lessons/content (idempotent)."""
    from server.lessons.loader import load_lessons as load
    from server.lessons.parsing import LessonFileError

    try:
        report = run_with_database(lambda: load(directory) if directory else load())
    except LessonFileError as exc:
        # The message names the file and the field; nothing was loaded.
        raise click.ClickException(str(exc)) from None
    click.echo(report.summary())


@main.command("push-dispatch")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
def push_dispatch(once: bool) -> None:
    """Send due daily-lesson notifications (run as many workers as you like)."""
    from server.heap import settle_heap
    from server.push.dispatcher import run_dispatcher

    def dispatch() -> Any:
        settle_heap()
        return run_dispatcher(get_settings(), once=once)

    run_with_database(dispatch)


@main.command("vapid-keys")
def vapid_keys() -> None:
    """Print a new VAPID key pair for VAPID_PRIVATE_KEY / VAPID_PUBLIC_KEY."""
    from server.push.vapid import new_vapid_keys

    private, public = new_vapid_keys()
    click.echo(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}")


@main.command("rotate-key")
def rotate_key() -> None:
    """Re-wrap every account's data key with a new master key.

    With ATTUNE_MASTER_KEY set: set it to the new key and ATTUNE_PREVIOUS_MASTER_KEYS
    to the old one, then run this. On the embedded default a new key file is made.
    """
    from server.accounts.keys import rewrap_all, rotate_embedded_master_key

    settings = get_settings()
    if not settings.master_key:
        count = run_with_database(lambda: rotate_embedded_master_key(settings))
    else:
        count = run_with_database(lambda: rewrap_all(settings))
    click.echo(f"Re-wrapped {count} account keys with the current master key.")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", required=True, help="The receiving account.")
@click.option("--yes", is_flag=True, help="Restore without asking to confirm.")
def import_export(file: Path, username: str, yes: bool) -> None:
    """Restore an Attune JSON export into an account (as Settings -> Restore does)."""
    from server.accounts.models import User
    from server.crypto import FieldCipher, load_keyring
    from server.features import FEATURES
    from server.restore import RestoreError, read_export, too_large_message
    from server.restore import write_export as write

    settings = get_settings()
    if file.stat().st_size > settings.max_import_bytes:
        raise click.ClickException(too_large_message(settings.max_import_bytes))
    try:
        found = read_export(file.read_bytes(), FEATURES.importers, FEATURES.exported)
    except RestoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        "The file holds: " + (", ".join(found.summary()) or "nothing to restore")
    )
    if found.unknown:
        click.echo("Left out, not known here: " + ", ".join(found.unknown))
    if found.not_restored:
        click.echo(
            "Not restored (devices, sign-ins, links): " + ", ".join(found.not_restored)
        )
    if not found.summary() or not (yes or click.confirm(f"Restore into {username}?")):
        return

    async def work() -> Any:
        user = await User.get_or_none(username=username.strip().lower())
        if user is None:
            raise click.ClickException(f"No account is named {username!r}.")
        cipher = FieldCipher(load_keyring(settings).unwrap(user.wrapped_key))
        return await write(found, user, cipher)

    try:
        restored = run_with_database(work)
    except RestoreError as exc:
        raise click.ClickException(str(exc)) from None
    from server.restore import summarise

    new = summarise(restored.new, FEATURES.importers)
    click.echo("New: " + ", ".join(new) if new else "Nothing was new.")


@main.command("new-master-key")
def new_master_key() -> None:
    """Print a new random master key (base64 of 32 bytes)."""
    click.echo(base64.b64encode(secrets.token_bytes(32)).decode())


@main.command("line-reports")
@click.option(
    "--flagged",
    is_flag=True,
    help="Only lines with three or more reports in the last 30 days.",
)
def line_reports(flagged: bool) -> None:
    """Reports that a crisis line did not work, by line, most reported first."""
    from server.places.reports import FLAG_COUNT, FLAG_DAYS, summaries
    from server.web.clock import utcnow

    found = run_with_database(lambda: summaries(utcnow().date()))
    shown = [s for s in found if s.flagged or not flagged]
    if not shown:
        click.echo("No reports." if not flagged else "No line is flagged.")
        return
    for summary in shown:
        mark = "FLAGGED " if summary.flagged else ""
        reasons = ", ".join(f"{r} {n}" for r, n in sorted(summary.reasons.items()))
        click.echo(
            f"{mark}{summary.country} {summary.line} ({summary.name}): "
            f"{summary.recent} in {FLAG_DAYS} days, {summary.reports} in all; {reasons}"
        )
        for note in summary.notes:
            click.echo(f"    {note}")
    click.echo(f"A line is flagged at {FLAG_COUNT} reports in {FLAG_DAYS} days.")


if __name__ == "__main__":  # pragma: no cover
    main()
