"""Parameter sweeps: many variants of one scenario and action, locally or on Dask.

Each variant is a dict of parameter values (names as in docs/models.md: game, build and credibility
parameters). Every variant runs with the same seed (common random numbers). Workers prepare the
world once per process (cached), so only the scenario reference and the parameters travel.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from foedus.deterrence.model import Action, Prepared, _world, inputs_for, prepare
from foedus.deterrence.parallel import map_dask, map_local


@lru_cache(maxsize=16)
def _prepared(scenario: str, action: Action, defectors: tuple[str, ...]) -> Prepared:
    return prepare(_world(scenario), action, defectors)


def _batch(scenario: str, action: Action, variants: list[dict[str, float]], samples: int,
           seed: int, defectors: tuple[str, ...], outputs: tuple[str, ...]) -> list[dict[str, float]]:
    from foedus.deterrence.game import simulate
    from foedus.deterrence.sensitivity import split

    prep = _prepared(scenario, action, defectors)
    out = []
    for values in variants:
        gp, bp, cp = split(values)
        inputs, _ = inputs_for(prep, credibility_params=cp, game_params=gp, build_params=bp,
                               defectors=defectors)
        res = simulate(inputs, samples, seed)
        out.append({name: float(getattr(res, name)) for name in outputs})
    return out


def sweep(scenario: str | Path, action: Action, variants: list[dict[str, float]], *,
          samples: int = 4096, seed: int = 0, backend: str = "local",
          scheduler: str | None = None, progress: bool = False, batch: int = 64,
          defectors: tuple[str, ...] = (),
          outputs: tuple[str, ...] = ("p_deterred", "p_win", "expected_military"),
          ) -> list[dict[str, float]]:
    """One result dict per variant, in variant order; identical on every backend."""
    from foedus.deterrence.sensitivity import split

    for values in variants:   # fail fast on bad names, before any work is shipped
        split(values)
    chunks = [variants[i:i + batch] for i in range(0, len(variants), batch)]
    args = [(str(scenario), action, c, samples, seed, tuple(defectors), tuple(outputs))
            for c in chunks]
    if backend == "dask":
        parts = map_dask(_batch, args, scheduler=scheduler, progress=progress, label="variants")
    else:
        parts = map_local(_batch, args, progress=progress, label="variants")
    return [row for part in parts for row in part]
