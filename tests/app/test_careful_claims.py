"""Claims said as carefully as the research allows (issue 26): repair can help build
trust; it is not "what builds trust"."""

from __future__ import annotations

from tests.conftest import Client


async def test_the_empty_journal_says_repair_can_help_build_trust(
    alice: Client,
) -> None:
    english = (await alice.get("/reflections")).text
    assert "and that repair can help build trust." in english
    assert "is what builds trust" not in english
    await alice.post(
        "/language",
        data={"language": "es"},
        headers={"Origin": "http://testserver"},
    )
    spanish = (await alice.get("/reflections")).text
    assert 'lang="es"' in spanish
    assert "la reparación puede ayudar a construir confianza" in spanish
