"""Deterrence and negotiation results, shown when those packages are installed.

* Negotiation (``foedus.negotiation``): every bundled negotiation table (library/negotiations/*.yaml)
  is forecast with each model of ``foedus.negotiation.ALL``; results are cached per process.
* Deterrence (``foedus.deterrence``): if the package offers ``server_results(world) -> dict`` (a
  JSON document with a ``title`` and ``rows`` of ``{"label", "value", "note"}``), its output is
  shown per scenario; otherwise the page says the package is present but offers no server view.

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


def deterrence(world: Any | None) -> dict[str, Any]:
    mod, reason = _importable("foedus.deterrence")
    if mod is None:
        return {"available": False, "reason": reason}
    hook = getattr(mod, "server_results", None)
    if hook is None or world is None:
        return {"available": True, "reason": "foedus.deterrence offers no server_results(world)",
                "result": None}
    try:
        return {"available": True, "reason": None, "result": hook(world)}
    except Exception as err:  # noqa: BLE001
        return {"available": True, "reason": f"deterrence failed: {type(err).__name__}",
                "result": None}
