"""'This number did not work': a small form beside every line on /help. It needs no
account and keeps nothing about the person: the line, the country, the reason, an
optional note, the day and the language."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response, Template

from server.places.models import LineReport
from server.places.reports import NOTE_LIMIT, REASONS, find_line
from server.web.clock import utcnow
from server.web.forms import FieldError, Form
from server.web.i18n import _, _l, current_language
from server.web.pages import page, redirect
from server.web.ratelimit import client_address, enforce_limit

FLASH_MESSAGES = {
    "line-reported": _l(
        "Thank you. Your report is kept with the line, and a person will compare "
        "it with the service's pages."
    ),
}
# Per address, counted in memory or Redis and never stored with a report.
REPORTS_PER_HOUR = 5


class ReportForm(Form):
    fields = ("country", "line", "reason", "note")
    max_lengths = {"country": 10, "line": 64, "reason": 32, "note": NOTE_LIMIT}

    def clean_reason(self, value: str) -> str:
        if value not in REASONS:
            raise FieldError(_("Choose what happened."))
        return value

    def clean(self) -> None:
        country = self.values["country"].strip().upper()
        if find_line(country, self.values["line"]) is None:
            raise FieldError(_("That line is not listed any more."))
        self.cleaned["country"] = country


class LineReportController(Controller):
    path = "/help/report"

    def _context(self, form: ReportForm) -> dict[str, Any]:
        country = form.values["country"].strip().upper()
        reasons = [(code, _(text)) for code, text in REASONS.items()]
        # None when the line is gone (or never was): the page says so.
        line = find_line(country, form.values["line"])
        return {"form": form, "line": line, "reasons": reasons}

    @get("/", name="report-line")
    async def show(self, request: Request) -> Template:
        form = ReportForm(
            initial={
                "country": request.query_params.get("country", "")[:10],
                "line": request.query_params.get("line", "")[:64],
            }
        )
        context = self._context(form)
        if context["line"] is None:
            raise NotFoundException()
        return page(request, "places/report.html", context)

    @post("/")
    async def report(self, request: Request) -> Template | Response[Any]:
        form = await ReportForm.from_request(request)
        if not form.is_valid():
            return page(
                request, "places/report.html", self._context(form), status_code=422
            )
        await enforce_limit(
            request,
            f"line-report:{client_address(request)}",
            REPORTS_PER_HOUR,
            3600,
            _("Thank you: we have your reports. Please try again in an hour."),
        )
        await LineReport.create(
            country=form.cleaned["country"],
            line=form.cleaned["line"],
            reason=form.cleaned["reason"],
            note=form.cleaned["note"],
            day=utcnow().date(),
            language=current_language(),
        )
        return redirect(request, "/help", flash="line-reported")


ROUTES = [LineReportController]
