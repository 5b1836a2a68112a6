from __future__ import annotations

import re

from server.web.security import HTMX_URL
from tests.conftest import Client, sign_up


async def test_the_home_page_says_what_attune_is_and_is_not(client: Client) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    text = response.text
    assert "not therapy" in text and "not an emergency service" in text
    assert '<a class="help-link" href="/help"' in text


async def test_help_picks_the_country_from_the_browser(client: Client) -> None:
    response = await client.get("/help", headers={"Accept-Language": "en-AU,en;q=0.8"})
    assert 'href="tel:131114"' in response.text
    assert "Call 13 11 14" in response.text
    assert 'href="tel:000"' in response.text


async def test_help_remembers_a_chosen_country_without_javascript(
    client: Client,
) -> None:
    response = await client.get("/help?country=CA")
    assert 'href="sms:988"' in response.text and "Text 9-8-8" in response.text
    assert "attune_country=CA" in response.headers["set-cookie"]
    again = await client.get("/help", headers={"Accept-Language": "en-US"})
    assert "In Canada" in again.text


def header_token(html: str) -> str:
    match = re.search(r'hx-headers=\'\{"x-csrftoken": "([^"]*)"\}\'', html)
    assert match, "no hx-headers on the body"
    return match.group(1)


async def test_help_skips_the_csrf_cookie_but_keeps_the_token_it_has(
    client: Client,
) -> None:
    first = await client.get("/help")
    assert first.status_code == 200
    assert "attune_csrf" not in first.headers.get("set-cookie", "")
    assert header_token(first.text) == ""
    # A visitor's /help is everyone's (rendered once): it carries no one's token,
    # even once another page has set the cookie; every form carries its own.
    token = header_token((await client.get("/about")).text)
    assert token and client.cookies["attune_csrf"] == token
    assert header_token((await client.get("/help")).text) == ""
    # A signed-in person's /help carries their token, for push.js and htmx.
    await sign_up(client, "hana")
    token = client.cookies["attune_csrf"]
    assert header_token((await client.get("/help")).text) == token
    # A cookie that is not a token is not echoed into the page.
    client.cookies.set("attune_csrf", 'x"><script>')
    assert header_token((await client.get("/help")).text) == ""


async def test_help_for_anywhere_else_points_to_a_directory(client: Client) -> None:
    response = await client.get("/help?country=XX")
    assert "findahelpline.com" in response.text
    # No country, no guessed emergency number: 112 is not everyone's.
    assert 'href="tel:' not in response.text
    assert "Choose your country" in response.text
    eu = await client.get("/help?country=DE")
    assert "In Germany" in eu.text and "Call 112" in eu.text


async def test_an_unknown_country_is_ignored(client: Client) -> None:
    response = await client.get("/help?country=%3Cscript%3E")
    assert response.status_code == 200
    assert "<script>" not in response.text.split("</head>")[1].replace(
        "<script nonce", ""
    )


async def test_about_and_support_pages_exist(client: Client) -> None:
    about = await client.get("/about")
    assert "encrypted" in about.text and "Siegel" in about.text
    support = await client.get("/support")
    assert "Trauma-informed" in support.text


async def test_support_says_when_to_seek_more_help_and_where_help_costs_less(
    client: Client,
) -> None:
    # The routes are the country's own (tests/app/test_support.py): here, the US.
    client.cookies.set("attune_country", "US")
    text = (await client.get("/support")).text
    assert "When to seek more help" in text
    assert '<a href="/help" hx-boost="false">call a crisis line' in text
    assert "GoodTherapy's Find a Therapist" in text
    assert 'href="https://www.goodtherapy.org/find-therapist.html"' in text
    assert "sliding scale" in text and "Open Path Collective" in text
    assert "Paid listings:" in text and "not a recommendation" in text
    assert "Checking a therapist's registration" in text
    # Every link that leaves Attune says so to the browser.
    for link in re.findall(r'<a href="https://[^"]+"[^>]*>', text):
        assert 'rel="noopener noreferrer"' in link, link


async def test_healthz_reports_the_database(client: Client) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


async def test_an_unknown_page_is_a_friendly_404_with_help(client: Client) -> None:
    response = await client.get("/nothing/here")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert 'href="/help"' in response.text


async def test_every_response_carries_security_headers(client: Client) -> None:
    nonces = set()
    for path in ["/", "/nothing", "/healthz", "/sw.js", "/manifest.webmanifest"]:
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
        assert "'unsafe-eval'" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "camera=()" in response.headers["permissions-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        nonces.add(re.search(r"'nonce-([^']+)'", csp).group(1))  # type: ignore[union-attr]
    assert len(nonces) == 5


async def test_static_files_carry_only_the_headers_a_file_acts_on(
    client: Client,
) -> None:
    """A stylesheet, script or icon runs under its page's policy: the document's
    headers on each file only added bytes to a first visit."""
    page = await client.get("/")
    files = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    assert any(".css" in f for f in files) and any(".js" in f for f in files)
    for path in files:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        for document_only in (
            "content-security-policy",
            "permissions-policy",
            "x-frame-options",
            "cross-origin-opener-policy",
        ):
            assert document_only not in response.headers, (path, document_only)
    # A missing file answers the friendly page, which is a document.
    missing = await client.get("/static/css/nothing.css")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in missing.headers["content-security-policy"]


async def test_scripts_load_only_from_this_site_or_the_pinned_htmx(
    client: Client,
) -> None:
    """Every page script is same-origin (or the SRI-pinned htmx the policy names),
    and the page's data block is not run, so a page needs no nonce: the policy
    still sends a fresh one, for the one inline script (the print page's)."""
    response = await client.get("/")
    policy = response.headers["content-security-policy"]
    assert re.search(r"script-src 'self' 'nonce-[^']+' " + re.escape(HTMX_URL), policy)
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts
    for tag in scripts:
        assert (
            'src="/static/' in tag
            or f'src="{HTMX_URL}"' in tag
            or 'type="application/json"' in tag
        ), tag
    assert (
        'integrity="sha384-' in response.text
        and 'crossorigin="anonymous"' in response.text
    )
    assert (
        response.headers["vary"] == "HX-Request"
        or "HX-Request" in response.headers["vary"]
    )


async def test_static_files_are_fingerprinted_and_cached_long(client: Client) -> None:
    page = await client.get("/")
    href = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{10})"', page.text).group(
        1
    )  # type: ignore[union-attr]
    response = await client.get(href)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["cache-control"]


async def test_pages_are_compressed(client: Client) -> None:
    response = await client.get("/help", headers={"Accept-Encoding": "br"})
    assert response.headers.get("content-encoding") == "br"


async def test_a_post_without_csrf_token_is_refused_calmly(client: Client) -> None:
    await client.get("/")
    response = await client.post("/login", data={"username": "a", "passphrase": "b"})
    assert response.status_code == 403
    assert "forms expire" in response.text
    assert 'href="/help"' in response.text


async def test_a_token_from_another_session_is_refused(client: Client) -> None:
    from tests.conftest import make_client

    other_token = await client.csrf_token()
    async with make_client(client._transport.app) as fresh:  # type: ignore[attr-defined]
        await fresh.get("/")
        response = await fresh.post(
            "/login",
            data={"username": "a", "passphrase": "b", "_csrf_token": other_token},
        )
        assert response.status_code == 403


async def test_an_oversized_body_is_refused(client: Client) -> None:
    token = await client.csrf_token()
    response = await client.post(
        "/login",
        content=b"username=" + b"a" * 300_000 + b"&_csrf_token=" + token.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert "too long" in response.text
