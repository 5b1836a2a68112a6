"""A reflection's questions are declared once (server/reflections/questions.py): the
saved entry's page, the export's names and the trends' measures are read from them."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from server.reflections.forms import STEPS
from server.reflections.questions import (
    IN_SUMMARY,
    MEASURES,
    ON_CARD,
    QUESTIONS,
    read_back,
    summary_of,
)
from server.reflections.trends import Entry
from server.web.i18n import speaking

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "reflections"


def test_every_question_says_how_its_answer_is_read_back() -> None:
    for q in QUESTIONS:
        assert str(q.read_as), f"give {q.name} a read_as"
    assert len({str(q.read_as) for q in QUESTIONS}) == len(QUESTIONS)


def test_the_saved_entrys_page_lists_no_question_of_its_own() -> None:
    page = (TEMPLATES / "detail.html").read_text()
    for q in QUESTIONS:
        for listed in (f"e.{q.name}", f"entry.{q.name}", f'"{q.name}"', f"'{q.name}'"):
            assert listed not in page, f"{q.name} is listed in detail.html"
    assert {q.name for s in STEPS for q in s.questions} == {q.name for q in QUESTIONS}


def test_the_trends_follow_the_questions_marked_as_measures() -> None:
    # Not the cards': a measure is kept in the sealed summary whether or not a
    # card shows it, and the trends take exactly the measures.
    assert set(MEASURES) <= set(IN_SUMMARY) and set(ON_CARD) <= set(IN_SUMMARY)
    assert {f.name for f in fields(Entry)} - {"occurred_on"} == set(MEASURES)
    answers = {q.name: q.empty() for q in QUESTIONS}
    assert set(summary_of(answers)) == set(IN_SUMMARY)


def test_answers_read_back_by_their_names_in_the_readers_language() -> None:
    answers = {"relationship_kind": "partner", "sensations": ["tight-chest", "heat"],
               "loudest_part": "protective", "intensity": 7, "what_happened": "x"}  # fmt: skip
    with speaking("en"):
        assert read_back(answers) == {
            "With": "Partner",
            "What happened": "x",
            "Sensations": "Tight chest, Heat",
            "Intensity in the moment": "7",
            "Loudest": "Protective part",
        }
    with speaking("es"):
        assert "Pareja" in read_back(answers).values()
