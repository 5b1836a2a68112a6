from __future__ import annotations

import json
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from server.accounts import service
from server.accounts.auth import (
    cipher_for,
    clear_session_cookie,
    current_user,
    requires_login,
    session_token,
    set_session_cookie,
    signed_in,
)
from server.accounts.forms import (
    AddPassphraseForm,
    ChangePassphraseForm,
    ConfirmForm,
    LoginForm,
    PreferencesForm,
    RecoverForm,
    RegisterForm,
    TimezoneForm,
)
from server.feature import features_of
from server.places.country import COUNTRY_COOKIE, ZONE_COOKIE, country_of, known
from server.places.crisis_lines import (
    OTHER,
    country_choices,
    country_from_accept_language,
    country_name,
)
from server.privacy import EXPORT_FORMAT, EXPORT_VERSION, export_everything
from server.web.clock import utcnow
from server.web.i18n import SOURCE_LANGUAGE, _, _l, current_language
from server.web.pages import page, redirect, safe_next
from server.web.ratelimit import client_address, enforce_limit
from server.web.state import app_state
from server.web.timezones import UTC as NO_ZONE
from server.web.timezones import (
    canonical_zone,
    grouped_zones,
    zone_for_country,
)

FLASH_MESSAGES = {
    "signed-in": _l("You are signed in."),
    "signed-out": _l("You are signed out."),
    "signed-out-everywhere": _l("You are signed out on every other device."),
    "passphrase-changed": _l("Your passphrase is changed."),
    "passphrase-added": _l(
        "Your passphrase is set. You can sign in with it or with a passkey."
    ),
    "recovered": _l("Your new passphrase is set."),
    "deleted": _l("Your account and everything in it are deleted."),
}


def not_confirmed() -> str:
    return _("That recovery code does not match, or the passkey could not be used.")


def guess_zone(request: Request) -> str:
    """A first choice for the sign-up form: the browser's zone (device.js keeps it in
    a cookie), else the main zone of the visitor's country, else UTC. With
    JavaScript, device.js sets the browser's own zone anyway."""
    zone = canonical_zone(request.cookies.get(ZONE_COOKIE, "")[:64])
    if zone:
        return zone
    country = known(request.cookies.get(COUNTRY_COOKIE, "")) or (
        country_from_accept_language(request.headers.get("accept-language", ""))
    )
    return zone_for_country(country) if country else NO_ZONE


class AccountController(Controller):
    @get("/register", name="register")
    async def register_form(self, request: Request) -> Template | Response[Any]:
        if current_user(request):
            return redirect(request, "/")
        return page(
            request,
            "accounts/register.html",
            {
                "form": RegisterForm(initial={"timezone": guess_zone(request)}),
                "timezones": grouped_zones(),
            },
        )

    @post("/register")
    async def register(self, request: Request) -> Template | Response[Any]:
        state = app_state(request)
        form = await RegisterForm.from_request(request)
        if form.is_valid():
            await enforce_limit(
                request,
                f"register-ip:{client_address(request)}",
                state.settings.signup_limit_per_ip,
                3600,
            )
            try:
                account = await service.create_account(
                    form.cleaned["username"],
                    form.cleaned["passphrase"],
                    passwords=state.passwords,
                    keyring=state.keyring,
                    # Only a country the visitor chose; otherwise it stays a
                    # guess (from the time zone below) and the pages say so.
                    country=known(request.cookies.get(COUNTRY_COOKIE, "")),
                    timezone=form.cleaned["timezone"] or guess_zone(request),
                    # The language they signed up in, so reminders (sent with
                    # no browser to ask) come in it too. English needs no setting.
                    language=""
                    if current_language() == SOURCE_LANGUAGE
                    else current_language(),
                )
            except service.UsernameTaken:
                form.add_error(
                    "username", _("That username is taken. Please choose another.")
                )
            else:
                token = await service.start_session(account.user, state.settings)
                # Shown once, never stored: a page, not a redirect.
                response = page(
                    request,
                    "accounts/recovery_code.html",
                    {"code": account.recovery_code, "user": account.user},
                )
                set_session_cookie(response, request, state.settings, token)
                return response
        form.values["passphrase"] = form.values["passphrase_confirm"] = ""
        return page(
            request,
            "accounts/register.html",
            {"form": form, "timezones": grouped_zones()},
            block="form",
            status_code=422,
        )

    @get("/login", name="login")
    async def login_form(self, request: Request) -> Template:
        target = safe_next(request.query_params.get("next"))
        return page(
            request,
            "accounts/login.html",
            {"form": LoginForm(initial={"next": target})},
        )

    @post("/login")
    async def login(self, request: Request) -> Template | Response[Any]:
        state = app_state(request)
        form = await LoginForm.from_request(request)
        if form.is_valid():
            ip_key = f"login-ip:{client_address(request)}"
            user_key = f"login-user:{form.cleaned['username']}"
            await enforce_limit(request, ip_key, state.settings.login_limit_per_ip, 60)
            await enforce_limit(
                request, user_key, state.settings.login_limit_per_account, 3600
            )
            user = await service.authenticate(
                form.cleaned["username"],
                form.cleaned["passphrase"],
                passwords=state.passwords,
            )
            if user is not None:
                await state.rate_limiter.reset(user_key)
                old = session_token(request)
                if old:
                    await service.end_session(old)
                token = await service.start_session(user, state.settings)
                response = redirect(
                    request, safe_next(form.cleaned["next"]), flash="signed-in"
                )
                set_session_cookie(response, request, state.settings, token)
                return response
            # One message whether or not the username exists.
            form.add_error(
                "__all__",
                _("That username and passphrase do not match. Please try again."),
            )
        form.values["passphrase"] = ""
        return page(
            request,
            "accounts/login.html",
            {"form": form},
            block="form",
            status_code=422,
        )

    @post("/logout")
    async def logout(self, request: Request) -> Response[Any]:
        token = session_token(request)
        if token:
            await service.end_session(token)
        response = redirect(request, "/?signed-out=1", flash="signed-out")
        clear_session_cookie(response)
        return response

    @get("/recover")
    async def recover_form(self, request: Request) -> Template:
        return page(request, "accounts/recover.html", {"form": RecoverForm()})

    @post("/recover")
    async def recover(self, request: Request) -> Template | Response[Any]:
        state = app_state(request)
        form = await RecoverForm.from_request(request)
        if form.is_valid():
            ip_key = f"login-ip:{client_address(request)}"
            await enforce_limit(request, ip_key, state.settings.login_limit_per_ip, 60)
            result = await service.recover(
                form.cleaned["username"],
                form.cleaned["code"],
                form.cleaned["passphrase"],
                passwords=state.passwords,
            )
            if result:
                user, new_code = result
                token = await service.start_session(user, state.settings)
                response = page(
                    request,
                    "accounts/recovery_code.html",
                    {"code": new_code, "user": user, "recovered": True},
                )
                set_session_cookie(response, request, state.settings, token)
                return response
            form.add_error(
                "code",
                _("That username and recovery code do not match. Please check it."),
            )
        form.values["passphrase"] = ""
        return page(
            request,
            "accounts/recover.html",
            {"form": form},
            block="form",
            status_code=422,
        )


class SettingsController(Controller):
    path = "/settings"
    guards = [requires_login]

    def _context(self, request: Request, **forms: Any) -> dict[str, Any]:
        user = signed_in(request)
        decided = country_of(user, request.headers.get("accept-language", ""))
        not_set = (
            _("Not set: decide from my time zone and language (now %(country)s)")
            % {"country": country_name(decided.code, current_language())}
            if decided.code != OTHER
            else _("Not set: decide from my time zone and language")
        )
        return {
            "preferences": forms.get("preferences")
            or PreferencesForm(
                initial={"country": user.country, "timezone": user.timezone}
            ),
            "passphrase_form": forms.get("passphrase_form")
            or (ChangePassphraseForm() if user.password_hash else AddPassphraseForm()),
            "countries": [("", not_set), *country_choices()],
            "timezones": grouped_zones(),
        }

    @get("/", name="settings")
    async def show(self, request: Request) -> Template:
        return page(request, "accounts/settings.html", self._context(request))

    @post("/")
    async def save_preferences(self, request: Request) -> Template | Response[Any]:
        form = await PreferencesForm.from_request(request)
        if form.is_valid():
            user = signed_in(request)
            user.country = form.cleaned["country"]
            user.timezone = form.cleaned["timezone"]
            user.country_notice = False
            await user.save(update_fields=["country", "timezone", "country_notice"])
            return redirect(request, "/settings", flash="settings-saved")
        return page(
            request,
            "accounts/settings.html",
            self._context(request, preferences=form),
            status_code=422,
        )

    @post("/timezone")
    async def save_timezone(self, request: Request) -> Response[Any]:
        """The offer of this device's time zone (home page and settings)."""
        form = await TimezoneForm.from_request(request)
        target = safe_next(form.values.get("next"), "/settings")
        if form.is_valid():
            user = signed_in(request)
            user.timezone = form.cleaned["timezone"]
            await user.save(update_fields=["timezone"])
            return redirect(request, target, flash="settings-saved")
        return redirect(request, target)

    @post("/passphrase")
    async def change_passphrase(self, request: Request) -> Template | Response[Any]:
        state = app_state(request)
        user = signed_in(request)
        if not user.password_hash:
            return await self._add_passphrase(request)
        form = await ChangePassphraseForm.from_request(request)
        if form.is_valid():
            if await state.passwords.verify(
                user.password_hash, form.cleaned["current"]
            ):
                await service.change_passphrase(
                    user, form.cleaned["passphrase"], passwords=state.passwords
                )
                await service.end_other_sessions(user, session_token(request))
                return redirect(request, "/settings", flash="passphrase-changed")
            form.add_error("current", _("That is not your current passphrase."))
        form.values.update(current="", passphrase="", passphrase_confirm="")
        return page(
            request,
            "accounts/settings.html",
            self._context(request, passphrase_form=form),
            status_code=422,
        )

    async def _add_passphrase(self, request: Request) -> Template | Response[Any]:
        """A first passphrase, for an account made with a passkey."""
        state = app_state(request)
        user = signed_in(request)
        form = await AddPassphraseForm.from_request(request)
        if form.is_valid():
            if await service.identity_confirmed(
                request, user, form.cleaned, passwords=state.passwords
            ):
                await service.change_passphrase(
                    user, form.cleaned["passphrase"], passwords=state.passwords
                )
                await service.end_other_sessions(user, session_token(request))
                return redirect(request, "/settings", flash="passphrase-added")
            form.add_error("code", not_confirmed())
        form.values.update(code="", credential="", passphrase="", passphrase_confirm="")
        return page(
            request,
            "accounts/settings.html",
            self._context(request, passphrase_form=form),
            status_code=422,
        )

    @post("/sign-out-everywhere")
    async def sign_out_everywhere(self, request: Request) -> Response[Any]:
        await service.end_other_sessions(signed_in(request), session_token(request))
        return redirect(request, "/settings", flash="signed-out-everywhere")

    @get("/export")
    async def export_page(self, request: Request) -> Template:
        user = signed_in(request)
        data = await export_everything(
            user.pk,
            cipher_for(request, user),
            features_of(request).personal_data,
            features_of(request).field_labels,
        )
        return page(
            request,
            "accounts/export.html",
            {
                "account": user.export_dict(cipher_for(request, user)),
                "sections": data,
                "label": features_of(request).field_labels,
            },
        )

    @get("/export.json")
    async def export_json(self, request: Request) -> Response[bytes]:
        user = signed_in(request)
        cipher = cipher_for(request, user)
        payload = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": utcnow().isoformat(),
            "account": user.export_dict(cipher),
            **await export_everything(
                user.pk, cipher, features_of(request).personal_data
            ),
        }
        stamp = utcnow().strftime("%Y-%m-%d")
        return Response(
            # default=str: labels are translated text (lazy strings), written out
            # in the reader's language.
            json.dumps(payload, ensure_ascii=False, indent=2, default=str).encode(),
            media_type="application/json",
            headers={
                "Content-Disposition": f'attachment; filename="attune-export-{stamp}.json"',
                "Cache-Control": "no-store",
            },
        )

    @get("/export.txt")
    async def export_text(self, request: Request) -> Template:
        """The same, as plain text a person can read or print anywhere."""
        user = signed_in(request)
        cipher = cipher_for(request, user)
        stamp = utcnow().strftime("%Y-%m-%d")
        return Template(
            template_name="accounts/export.txt",
            context={
                "account": user.export_dict(cipher),
                "sections": await export_everything(
                    user.pk,
                    cipher,
                    features_of(request).personal_data,
                    features_of(request).field_labels,
                ),
                "exported_on": utcnow(),
                "label": features_of(request).field_labels,
            },
            media_type="text/plain; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="attune-export-{stamp}.txt"',
                "Cache-Control": "no-store",
            },
        )

    @get("/delete")
    async def delete_form(self, request: Request) -> Template:
        return page(request, "accounts/delete.html", {"form": ConfirmForm()})

    @post("/delete")
    async def delete(self, request: Request) -> Template | Response[Any]:
        state = app_state(request)
        user = signed_in(request)
        has_passphrase = bool(user.password_hash)
        form = await ConfirmForm.from_request(request, has_passphrase=has_passphrase)
        if form.is_valid():
            if await service.identity_confirmed(
                request, user, form.cleaned, passwords=state.passwords
            ):
                await service.delete_account(user, features_of(request).personal_data)
                response = redirect(request, "/?deleted=1", flash="deleted")
                clear_session_cookie(response)
                response.headers["Clear-Site-Data"] = '"cache", "storage"'
                return response
            if has_passphrase:
                form.add_error("passphrase", _("That is not your passphrase."))
            else:
                form.add_error("code", not_confirmed())
        form.values.update(passphrase="", code="", credential="")
        return page(
            request,
            "accounts/delete.html",
            {"form": form},
            block="form",
            status_code=422,
        )
