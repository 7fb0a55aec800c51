"""The on/off/automatic switch shared by the reader's optional parts."""

from __future__ import annotations

import pytest

from foedus.errors import InputError
from foedus.evidence.switch import Switch


def test_automatic_loads_once_when_available_and_an_environment_variable_turns_it_off(monkeypatch):
    loads: list[int] = []

    def load() -> str:
        loads.append(1)
        return "part"

    s: Switch[str] = Switch(load, lambda: True, env="FOEDUS_TEST_PART")
    monkeypatch.setenv("FOEDUS_TEST_PART", "off")
    assert s.active() is None and loads == []
    monkeypatch.setenv("FOEDUS_TEST_PART", "auto")
    assert s.active() == "part" and s.active() == "part" and loads == [1]
    with s.using(None):
        assert s.active() is None
    assert s.active() == "part"


def test_requiring_a_missing_part_names_what_to_install():
    s: Switch[str] = Switch(lambda: "x", lambda: False, missing="the nlp extra is not installed", hint="pip install")
    assert s.active() is None  # automatic: quietly without it
    with pytest.raises(InputError, match="nlp extra"):
        s.configure(True)
    s.configure(False)
    assert s.active() is None
