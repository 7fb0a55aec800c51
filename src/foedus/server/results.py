"""Deterrence and negotiation results, shown when those packages are installed.

* Negotiation (``foedus.negotiation``): every bundled negotiation table (library/negotiations/*.yaml)
  is forecast with each model of ``foedus.negotiation.ALL``; results are cached per process.
* Deterrence (``foedus.deterrence``): if the package offers ``server_results(world) -> dict`` (a
  JSON document with a ``title`` and ``rows`` of ``{"label", "value", "note"}``), its output is
  shown per scenario; otherwise the server computes P(deterred) of a full-scale Russian attack on
  each frontline state with ``foedus.deterrence.model.deter`` (20,000 draws, seed 0).

Either part says "not available" (with the reason) when its package cannot be imported.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from importlib import resources
from typing import Any

_lock = threading.Lock()
_negotiation_cache: dict[str, Any] | None = None


def _importable(name: str) -> tuple[Any | None, str | None]:
    try:
        if importlib.util.find_spec(name) is None:
            return None, f"the package {name} is not installed"
        return importlib.import_module(name), None
    except Exception as err:  # noqa: BLE001 - a broken optional package must not break the server
        return None, f"the package {name} failed to import: {type(err).__name__}"


def negotiation() -> dict[str, Any]:
    global _negotiation_cache
    with _lock:
        if _negotiation_cache is not None:
            return _negotiation_cache
    mod, reason = _importable("foedus.negotiation")
    if mod is None:
        out: dict[str, Any] = {"available": False, "reason": reason, "tables": []}
    else:
        tables = []
        folder = resources.files("foedus.library") / "negotiations"
        names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))
        for name in names:
            path = resources.as_file(folder / name)
            with path as file:
                entry: dict[str, Any] = {"table": name.rsplit(".", 1)[0], "forecasts": []}
                try:
                    table = mod.load(file)
                    entry["issues"] = [
                        {"id": i.id, "title": i.label or i.id,
                         "scale": [float(i.lower), float(i.upper)],
                         "status_quo": i.status_quo}
                        for i in table.issues
                    ]
                    for model in mod.ALL:
                        fc = mod.forecast(table, model=model, seed=0)
                        entry["forecasts"].append(
                            {"model": model,
                             "outcome": {k: (None if v is None else round(float(v), 2))
                                         for k, v in fc.to_json()["outcome"].items()}})
                except Exception as err:  # noqa: BLE001
                    entry["error"] = f"{type(err).__name__}: {err}"[:300]
                tables.append(entry)
        out = {"available": True, "reason": None, "tables": tables,
               "models": list(mod.ALL)}
    with _lock:
        _negotiation_cache = out
    return out


#: frontline states for the deterrence summary: a full-scale Russian attack on each
DETERRENCE_TARGETS = ("EST", "LVA", "LTU", "POL", "FIN", "ROU", "UKR", "MDA")
DETERRENCE_SAMPLES = 20_000
_deterrence_cache: dict[tuple[str, int], dict[str, Any]] = {}


def deterrence(world: Any | None) -> dict[str, Any]:
    mod, reason = _importable("foedus.deterrence")
    if mod is None:
        return {"available": False, "reason": reason}
    if world is None:
        return {"available": True, "reason": "choose a scenario", "result": None}
    key = (world.id, id(world))
    with _lock:
        if key in _deterrence_cache:
            return _deterrence_cache[key]
    hook = getattr(mod, "server_results", None)
    try:
        if hook is not None:
            out = {"available": True, "reason": None, "result": hook(world)}
        else:
            out = _deterrence_summary(world)
    except Exception as err:  # noqa: BLE001 - an optional part must not break the page
        out = {"available": True, "reason": f"deterrence failed: {type(err).__name__}",
               "result": None}
    with _lock:
        _deterrence_cache[key] = out
    return out


def _deterrence_summary(world: Any) -> dict[str, Any]:
    """P(deterred) of a full-scale Russian attack on each frontline state in the scenario, from
    ``foedus.deterrence.model.deter`` (seed 0)."""
    try:
        from foedus.deterrence.model import Action, deter
    except Exception as err:  # noqa: BLE001
        return {"available": True, "result": None,
                "reason": f"foedus.deterrence has no deter(...) to call ({type(err).__name__})"}
    rows: list[dict[str, Any]] = []
    validation: list[str] = []
    validated: bool | None = None
    for target in DETERRENCE_TARGETS:
        try:
            res = deter(world, Action(attacker="RUS", target=target),
                        samples=DETERRENCE_SAMPLES, seed=0).to_json()
        except Exception:  # noqa: BLE001 - a target the model cannot handle is left out
            continue
        validated = res.get("validated")
        validation = res.get("validation") or validation
        rows.append({
            "label": f"RUS attacks {target}",
            "value": round(float(res["p_deterred"]), 3),
            "note": (f"P(clauses invoked) {res.get('invocation_probability', 0):.2f}; "
                     f"most decisive obligor {res.get('most_decisive_obligor') or 'none'}"),
        })
    return {"available": True, "reason": None if rows else "no result for any target",
            "result": {"title": "P(deterred): a full-scale Russian attack on each state",
                       "rows": rows, "validated": validated, "validation": validation,
                       "samples": DETERRENCE_SAMPLES}}
