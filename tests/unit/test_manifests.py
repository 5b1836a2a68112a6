"""The app is built from the features' manifests: what two features both claim stops
it from starting, and what each declares reaches the pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.app import create_app
from server.feature import Feature, Features
from server.features import FEATURES
from server.settings import Settings
from server.web.field_labels import FieldLabels


def test_a_field_two_features_label_stops_the_app_from_starting() -> None:
    with pytest.raises(ValueError, match="what_happened"):
        FieldLabels.combine({"what_happened": "What happened"}, {"what_happened": "?"})


def test_a_field_no_feature_labels_is_written_out() -> None:
    assert FieldLabels.combine()("body_notes") == "Body notes"


def test_a_tab_two_features_claim_stops_the_app_from_starting() -> None:
    one = Feature("one", sections={"plan": "plan"})
    two = Feature("two", sections={"plan": "journal"})
    with pytest.raises(ValueError, match="plan"):
        Features(one, two).sections  # noqa: B018 (read once, at startup)


@pytest.mark.parametrize(
    ("path", "tab"),
    [
        ("/", "today"),
        ("/lessons/breathing", "lessons"),
        ("/saved", "lessons"),
        ("/reflections/new/step/2", "journal"),
        ("/plan/edit/warning-signs", "plan"),
        ("/settings/passkeys", "settings"),
        ("/recover", "signin"),
        ("/about", "about"),
        ("/help", ""),
        ("", ""),
    ],
)
def test_each_page_is_under_the_tab_its_feature_declares(
    tmp_path: Path, path: str, tab: str
) -> None:
    engine = create_app(Settings(instance_dir=tmp_path)).template_engine
    assert engine is not None
    assert engine.engine.globals["section_of"](path) == tab


def test_every_feature_with_models_is_a_database_app_accounts_first() -> None:
    apps = FEATURES.tortoise_apps
    assert next(iter(apps)) == "accounts"
    assert all(models == f"server.{name}.models" for name, models in apps.items())
