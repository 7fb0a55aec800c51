"""`foedus validate` and `foedus schema`: check any input file by its shape; JSON Schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from foedus.errors import InputError
from foedus.model.incident import Incident
from foedus.model.instrument import Instrument
from foedus.model.library import Library, load_document, load_incidents
from foedus.model.scenario import Amendment, Scenario
from foedus.model.tables import Deployment
from foedus.model.yamlio import load_yaml

MODELS: dict[str, type[BaseModel]] = {
    "incident": Incident,
    "instrument": Instrument,
    "scenario": Scenario,
    "amendment": Amendment,
    "deployment": Deployment,
}


def detect_kind(data: Any) -> str:
    """Tell an input file's type from its keys (a list is a sequence of incidents)."""
    if isinstance(data, list):
        first = data[0] if data else None
        return "deployment" if isinstance(first, dict) and "host" in first else "incident"
    if not isinstance(data, dict):
        return "unknown"
    keys = set(data)
    if "clauses" in keys:
        return "instrument"
    if "changes" in keys:
        return "amendment"
    if "as_of" in keys:
        return "scenario"
    if {"kind", "target"} <= keys or {"date", "severity"} & keys:
        return "incident"
    return "unknown"


def validate_file(path: Path) -> str:
    """Validate one file fully (conditions compiled, scenarios assembled); return its type."""
    data, positions = load_yaml(path)
    kind = detect_kind(data)
    if kind == "incident":
        load_incidents(path)
    elif kind == "instrument":
        from foedus.engine.compiled import compile_instrument

        loaded = load_document(path, Instrument)
        compile_instrument(loaded.value, loaded.positions, Library().memberships)
    elif kind == "amendment":
        from foedus.engine.compiled import CompiledException
        from foedus.rules.types import FIELDS, OBLIGOR_FIELDS

        loaded_am = load_document(path, Amendment)
        for i, change in enumerate(loaded_am.value.changes):
            exception = getattr(change, "exception", None)
            if exception is not None:
                fields = {**FIELDS, **OBLIGOR_FIELDS} if change.op == "add-obligation-exception" else FIELDS
                CompiledException.build(exception, loaded_am.positions, ("changes", i, "exception"), fields)
    elif kind == "scenario":
        from foedus.engine.world import assemble

        assemble(path)
    elif kind == "deployment":
        from foedus.model.tables import read_deployments

        read_deployments(path.read_text(encoding="utf-8"), str(path))
    else:
        raise InputError(
            "cannot tell what kind of file this is",
            positions.locate(()),
            "an instrument has `clauses`, an amendment `changes`, a scenario `as_of`, "
            "an incident `kind` and `target`, a deployments file is a list with `host`",
        )
    return kind


def schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for name, model in MODELS.items():
        sch = model.model_json_schema(by_alias=True)
        sch["$id"] = f"https://foedus.invalid/schema/{name}.schema.json"
        sch["title"] = name
        out[name] = sch
    return out
