"""The install manifest speaks the reader's language where browsers show it."""

from __future__ import annotations

import json

from server.web.i18n import LANGUAGE_COOKIE, gettext, speaking
from tests.conftest import Client


async def test_the_manifest_follows_the_language(client: Client) -> None:
    english = json.loads((await client.get("/manifest.webmanifest")).content)
    client.cookies.set(LANGUAGE_COOKIE, "es")
    spanish = json.loads((await client.get("/manifest.webmanifest")).content)
    assert english["lang"] == "en" and spanish["lang"] == "es"
    assert spanish["name"] == english["name"] == "Attune"
    assert spanish["description"] != english["description"]
    with speaking("es"):
        assert spanish["shortcuts"][0]["name"] == gettext("Get help now")
    assert [s["url"] for s in spanish["shortcuts"]] == [
        s["url"] for s in english["shortcuts"]
    ]
