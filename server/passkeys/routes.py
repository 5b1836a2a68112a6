"""Passkeys: /settings/passkeys (list, add, rename, remove), sign-in from /login and
sign-up from /register. Each ceremony is two requests from passkeys.js: the options
(JSON, asked with the page's form and its CSRF token), then the device's answer
posted in an ordinary form, answered with a page or a redirect like any form."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template
from litestar.types import ControllerRouterHandler
from tortoise.transactions import in_transaction

from server.accounts import service as accounts
from server.accounts.auth import (
    cipher_for,
    current_user,
    requires_login,
    session_token,
    set_session_cookie,
    signed_in,
)
from server.accounts.forms import LoginForm, RegisterForm
from server.accounts.models import User
from server.accounts.routes import guess_zone
from server.passkeys import service
from server.passkeys.forms import CredentialForm, PasskeySignupForm, RenameForm
from server.passkeys.models import Passkey, PasskeyChallenge
from server.passkeys.service import PasskeyRefused, RelyingParty
from server.places.country import COUNTRY_COOKIE, known
from server.web.dates import local_date
from server.web.i18n import SOURCE_LANGUAGE, _, _l, current_language
from server.web.pages import page, redirect, safe_next
from server.web.ratelimit import client_address, enforce_limit
from server.web.state import app_state
from server.web.timezones import grouped_zones

FLASH_MESSAGES = {
    "passkey-added": _l("Your passkey is added. Next time, sign in with it."),
    "passkey-renamed": _l("Your passkey is renamed."),
    "passkey-removed": _l("Your passkey is removed."),
    "passkey-last": _l(
        "This is your only way to sign in, so it stays. Add a passphrase or "
        "another passkey first."
    ),
}


def relying_party_for(request: Request) -> RelyingParty | None:
    settings = app_state(request).settings
    url = request.url
    # ATTUNE_HTTPS: the site is served over HTTPS, whatever the hop from the proxy.
    scheme = "https" if settings.https else url.scheme
    return service.relying_party(settings.rp_id, scheme, url.hostname or "", url.port)


def passkeys_offered(request: Request) -> bool:
    """For templates: whether this address can use passkeys at all."""
    return relying_party_for(request) is not None


def the_relying_party(request: Request) -> RelyingParty:
    rp = relying_party_for(request)
    if rp is None:
        raise NotFoundException()
    return rp


async def limit_challenges(request: Request) -> None:
    """Each challenge is a row: one address may ask for as many a minute as it may
    try to sign in (a page asks for one; the sign-in itself counts separately)."""
    await enforce_limit(
        request,
        f"passkey-challenge-ip:{client_address(request)}",
        app_state(request).settings.login_limit_per_ip,
        60,
    )


def options(text: str) -> Response[bytes]:
    return Response(
        text.encode(),
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


async def passkey_of(user: User, passkey_id: str) -> Passkey:
    """One of this person's passkeys; anyone else's, or none, is a 404."""
    try:
        key = uuid.UUID(passkey_id)
    except ValueError:
        raise NotFoundException() from None
    passkey = await Passkey.get_or_none(pk=key, user_id=user.pk)
    if passkey is None:
        raise NotFoundException()
    return passkey


async def confirms_with_passkey(
    request: Request, user: User, values: Mapping[str, str]
) -> bool:
    """For accounts without a passphrase: one of their passkeys, just used, confirms
    a grave step (deleting the account, setting a passphrase)."""
    text = values.get("credential", "")
    rp = relying_party_for(request)
    if not text or rp is None:
        return False
    try:
        credential = service.parse_credential(text)
        challenge = await service.take_challenge(credential, "confirm")
        passkey = await service.used_passkey(credential)
        if challenge.user_id != user.pk or passkey.user_id != user.pk:
            return False
        service.check_assertion(credential, challenge.challenge, rp, passkey)
    except PasskeyRefused:
        return False
    await service.record_use(passkey)
    return True


accounts.IDENTITY_CHECKS.append(confirms_with_passkey)


@dataclass(frozen=True)
class PasskeyRow:
    """One passkey as the list shows it, its days in the person's time zone."""

    id: str
    name: str
    made: date
    last_used: date | None
    synced: bool


class PasskeySettingsController(Controller):
    path = "/settings/passkeys"
    guards = [requires_login]

    async def _page(
        self, request: Request, status_code: int = 200, error: str = ""
    ) -> Template:
        user = signed_in(request)
        cipher = cipher_for(request, user)
        return page(
            request,
            "passkeys/settings.html",
            {
                "passkeys": [
                    PasskeyRow(
                        id=str(p.pk),
                        name=p.open(cipher, "name"),
                        made=local_date(p.created_at, user.timezone),
                        last_used=local_date(p.last_used_at, user.timezone)
                        if p.last_used_at
                        else None,
                        synced=p.backed_up,
                    )
                    for p in await service.passkeys_of(user)
                ],
                "has_passphrase": bool(user.password_hash),
                "error": error,
            },
            status_code=status_code,
        )

    @get("/", name="passkeys")
    async def show(self, request: Request) -> Template:
        return await self._page(request)

    @post("/options", status_code=200)
    async def add_options(self, request: Request) -> Response[bytes]:
        rp = the_relying_party(request)
        user = signed_in(request)
        await limit_challenges(request)
        challenge = await service.new_challenge("add", user_id=user.pk)
        return options(
            service.creation_options(
                rp, challenge, user.pk, user.username, await service.passkeys_of(user)
            )
        )

    @post("/")
    async def add(self, request: Request) -> Template | Response[Any]:
        rp = the_relying_party(request)
        user = signed_in(request)
        form = await CredentialForm.from_request(request)
        if not form.is_valid():
            return await self._page(request, 422, form.errors["credential"])
        try:
            credential = service.parse_credential(form.cleaned["credential"])
            challenge = await service.take_challenge(credential, "add")
            if challenge.user_id != user.pk:
                raise PasskeyRefused(_("Please try again."), "another person's")
            new = service.check_new_passkey(credential, challenge.challenge, rp)
            name = service.device_name(
                form.cleaned["name"], request.headers.get("user-agent", "")
            )
            await service.store_passkey(user.pk, new, name, cipher_for(request, user))
        except PasskeyRefused as refused:
            return await self._page(request, 422, str(refused))
        return redirect(request, "/settings/passkeys", flash="passkey-added")

    @post("/confirm-options", status_code=200)
    async def confirm_options(self, request: Request) -> Response[bytes]:
        """Options for confirming a grave step with one of the person's passkeys."""
        rp = the_relying_party(request)
        user = signed_in(request)
        await limit_challenges(request)
        challenge = await service.new_challenge("confirm", user_id=user.pk)
        return options(
            service.request_options(rp, challenge, await service.passkeys_of(user))
        )

    @post("/{passkey_id:str}/rename")
    async def rename(
        self, request: Request, passkey_id: FromPath[str]
    ) -> Template | Response[Any]:
        user = signed_in(request)
        passkey = await passkey_of(user, passkey_id)
        form = await RenameForm.from_request(request)
        if not form.is_valid():
            return await self._page(request, 422, form.errors["name"])
        passkey.seal(cipher_for(request, user), "name", form.cleaned["name"])
        await passkey.save(update_fields=["name"])
        return redirect(request, "/settings/passkeys", flash="passkey-renamed")

    @post("/{passkey_id:str}/remove")
    async def remove(
        self, request: Request, passkey_id: FromPath[str]
    ) -> Response[Any]:
        user = signed_in(request)
        passkey = await passkey_of(user, passkey_id)
        try:
            await service.remove_passkey(user, passkey)
        except service.LastWayIn:
            return redirect(request, "/settings/passkeys", flash="passkey-last")
        return redirect(request, "/settings/passkeys", flash="passkey-removed")


class PasskeySignInController(Controller):
    @post("/login/passkey/options", status_code=200)
    async def sign_in_options(self, request: Request) -> Response[bytes]:
        rp = the_relying_party(request)
        await limit_challenges(request)
        return options(
            service.request_options(rp, await service.new_challenge("signin"))
        )

    @post("/login/passkey")
    async def sign_in(self, request: Request) -> Template | Response[Any]:
        settings = app_state(request).settings
        rp = the_relying_party(request)
        form = await CredentialForm.from_request(request)
        # The same limits as a passphrase: per address, then per account.
        await enforce_limit(
            request,
            f"login-ip:{client_address(request)}",
            settings.login_limit_per_ip,
            60,
        )
        if form.is_valid():
            try:
                credential = service.parse_credential(form.cleaned["credential"])
                challenge = await service.take_challenge(credential, "signin")
                passkey = await service.used_passkey(credential)
                user_key = f"login-user:{passkey.user.username}"
                await enforce_limit(
                    request, user_key, settings.login_limit_per_account, 3600
                )
                service.check_assertion(credential, challenge.challenge, rp, passkey)
            except PasskeyRefused as refused:
                form.add_error("credential", str(refused))
            else:
                await service.record_use(passkey)
                await app_state(request).rate_limiter.reset(user_key)
                old = session_token(request)
                if old:
                    await accounts.end_session(old)
                token = await accounts.start_session(passkey.user, settings)
                response = redirect(
                    request, safe_next(form.cleaned["next"]), flash="signed-in"
                )
                set_session_cookie(response, request, settings, token)
                return response
        return self._login_page(request, form)

    def _login_page(self, request: Request, passkey_form: CredentialForm) -> Template:
        return page(
            request,
            "accounts/login.html",
            {
                "form": LoginForm(initial={"next": passkey_form.values["next"]}),
                "passkey_error": passkey_form.errors.get("credential", ""),
            },
            status_code=422,
        )

    @post("/register/passkey/options", status_code=200)
    async def sign_up_options(self, request: Request) -> Response[Any]:
        """Options for a new account's first passkey; the username is checked
        first, and a refusal comes back as the field's message."""
        rp = the_relying_party(request)
        form = await PasskeySignupForm.from_request(request)
        if (
            form.is_valid()
            and await User.filter(username=form.cleaned["username"]).exists()
        ):
            form.add_error(
                "username", _("That username is taken. Please choose another.")
            )
        if form.errors:
            return Response({"errors": form.errors}, status_code=422)
        await limit_challenges(request)
        user_id = uuid.uuid4()
        challenge = await service.new_challenge(
            "signup",
            user_id=user_id,
            username=form.cleaned["username"],
            timezone=form.cleaned["timezone"] or guess_zone(request),
        )
        return options(
            service.creation_options(
                rp, challenge, user_id, form.cleaned["username"], []
            )
        )

    async def _new_account(
        self,
        request: Request,
        challenge: PasskeyChallenge,
        new: service.NewPasskey,
        name: str,
    ) -> accounts.NewAccount:
        """The account and its first passkey, together (call in a transaction)."""
        state = app_state(request)
        account = await accounts.create_account(
            challenge.username,
            None,
            passwords=state.passwords,
            keyring=state.keyring,
            # As the passphrase sign-up does: only a country the visitor chose,
            # and the language they signed up in.
            country=known(request.cookies.get(COUNTRY_COOKIE, "")),
            timezone=challenge.timezone,
            language=""
            if current_language() == SOURCE_LANGUAGE
            else current_language(),
            user_id=challenge.user_id,
        )
        await service.store_passkey(
            account.user.pk, new, name, cipher_for(request, account.user)
        )
        return account

    @post("/register/passkey")
    async def sign_up(self, request: Request) -> Template | Response[Any]:
        state = app_state(request)
        rp = the_relying_party(request)
        if current_user(request):
            return redirect(request, "/")
        form = await CredentialForm.from_request(request)
        error = form.errors.get("credential", "")
        if form.is_valid():
            await enforce_limit(
                request,
                f"register-ip:{client_address(request)}",
                state.settings.signup_limit_per_ip,
                3600,
            )
            try:
                credential = service.parse_credential(form.cleaned["credential"])
                challenge = await service.take_challenge(credential, "signup")
                new = service.check_new_passkey(credential, challenge.challenge, rp)
                name = service.device_name(
                    form.cleaned["name"], request.headers.get("user-agent", "")
                )
                async with in_transaction():
                    account = await self._new_account(request, challenge, new, name)
            except PasskeyRefused as refused:
                error = str(refused)
            except accounts.UsernameTaken:
                error = _("That username is taken. Please choose another.")
            else:
                token = await accounts.start_session(account.user, state.settings)
                # Shown once, never stored: a page, not a redirect.
                response = page(
                    request,
                    "accounts/recovery_code.html",
                    {
                        "code": account.recovery_code,
                        "user": account.user,
                        "with_passkey": True,
                    },
                )
                set_session_cookie(response, request, state.settings, token)
                return response
        return page(
            request,
            "accounts/register.html",
            {
                "form": RegisterForm(initial={"timezone": guess_zone(request)}),
                "timezones": grouped_zones(),
                "passkey_error": error,
            },
            status_code=422,
        )


ROUTES: list[ControllerRouterHandler] = [
    PasskeySettingsController,
    PasskeySignInController,
]
