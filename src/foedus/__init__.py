"""foedus: security commitments as executable, sourced code.

The Python API: :func:`evaluate` (one incident against a scenario) and :func:`evaluate_batch`
(many incidents, vectorised, as a pandas DataFrame).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "evaluate", "evaluate_batch"]


def __getattr__(name: str):  # lazy: keep `foedus check` start-up fast
    if name in ("evaluate", "evaluate_batch"):
        import foedus.engine as engine

        return getattr(engine, name)
    raise AttributeError(name)
