"""Settings -> "Restore from a file": upload an export, see what it holds, confirm.

The upload is read in memory (server/web/upload.py), checked whole
(server/restore.py), and shown; the confirm page carries the checked rows sealed
with the person's key, so nothing of the file is kept anywhere until they agree, and
then it is written in one transaction.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from server.accounts.auth import cipher_for, requires_login, signed_in
from server.feature import features_of
from server.restore import (
    RestoreError,
    note_texts,
    open_pending,
    read_export_off_loop,
    seal_pending,
    size_message,
    summarise,
    too_large_message,
    write_export,
)
from server.web.forms import Form
from server.web.i18n import _
from server.web.pages import page, redirect
from server.web.state import app_state
from server.web.upload import (
    BodyTooLarge,
    BodyUnreadable,
    check_csrf,
    read_form_in_memory,
)

# Room for the form's other fields and the multipart boundaries around the file.
ENVELOPE_BYTES = 16 * 1024
# These posts read their own body (in memory, within the import limit) and check
# the CSRF token themselves.
OWN_BODY: dict[str, Any] = {
    "opt": {"exclude_from_csrf": True},
    "request_max_body_size": None,
}


class RestoreForm(Form):
    """Only holds the message shown next to the file field."""

    fields: ClassVar[tuple[str, ...]] = ("file",)


class RestoreController(Controller):
    path = "/settings/restore"
    guards = [requires_login]

    def _limit(self, request: Request) -> int:
        return app_state(request).settings.max_import_bytes

    def _form_page(
        self, request: Request, error: str = "", status_code: int = 200
    ) -> Template:
        form = RestoreForm()
        if error:
            form.add_error("file", error)
        return page(
            request,
            "accounts/restore.html",
            {
                "form": form,
                "size_hint": size_message(self._limit(request)),
            },
            status_code=status_code,
        )

    @get("/", name="restore")
    async def show(self, request: Request) -> Template:
        return self._form_page(request)

    @post("/", **OWN_BODY)
    async def read(self, request: Request) -> Template:
        """Read and check the file; show what it holds. Nothing is written."""
        limit = self._limit(request)
        try:
            posted = await read_form_in_memory(request, limit + ENVELOPE_BYTES)
        except BodyTooLarge:
            return self._form_page(request, too_large_message(limit), 413)
        except BodyUnreadable:
            posted = None
        if posted is not None:
            check_csrf(request, posted)
        raw = posted.files.get("file", b"") if posted else b""
        if not raw:
            return self._form_page(
                request, _("Choose the export file to restore from."), 422
            )
        if len(raw) > limit:
            return self._form_page(request, too_large_message(limit), 413)
        try:
            features = features_of(request)
            found = await read_export_off_loop(
                raw, features.importers, features.exported
            )
        except RestoreError as exc:
            return self._form_page(request, str(exc), 422)
        user = signed_in(request)
        return page(
            request,
            "accounts/restore_confirm.html",
            {
                "holds": found.summary(),
                "unknown": found.unknown,
                "not_restored": [features.field_labels(s) for s in found.not_restored],
                "pending": seal_pending(found, cipher_for(request, user), user.pk),
            },
        )

    @post("/confirm", **OWN_BODY)
    async def confirm(self, request: Request) -> Template | Response[Any]:
        """Write what the confirm page carried, all at once, then say what was new."""
        try:
            posted = await read_form_in_memory(
                request, 2 * self._limit(request) + ENVELOPE_BYTES
            )
        except (BodyTooLarge, BodyUnreadable):
            return self._form_page(
                request, too_large_message(self._limit(request)), 413
            )
        check_csrf(request, posted)
        user = signed_in(request)
        cipher = cipher_for(request, user)
        try:
            found = open_pending(
                posted.fields.get("pending", ""),
                cipher,
                user.pk,
                features_of(request).importers,
            )
            restored = await write_export(found, user, cipher)
        except RestoreError as exc:
            return self._form_page(request, str(exc), 422)
        query = [
            (name, f"{restored.new.get(name, 0)}.{count}")
            for name, count in restored.of.items()
        ] + [("note", key) for key in restored.notes]
        return redirect(request, f"/settings/restore/done?{urlencode(query)}")

    @get("/done")
    async def done(self, request: Request) -> Template:
        importers = features_of(request).importers
        new: dict[str, int] = {}
        already: dict[str, int] = {}
        for name in importers:
            got = request.query_params.get(name, "")
            fresh, _dot, of = got.partition(".")
            if fresh.isdigit() and of.isdigit():
                new[name] = int(fresh)
                already[name] = max(int(of) - int(fresh), 0)
        return page(
            request,
            "accounts/restore_done.html",
            {
                "new": summarise(new, importers),
                "already": summarise(already, importers),
                "notes": note_texts(request.query_params.getall("note", []), importers),
            },
        )
