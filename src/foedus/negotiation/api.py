"""The Python entry point: ``forecast(table, model=..., without=[...], rounds=..., seed=...)``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from foedus.errors import InputError, Location
from foedus.negotiation.base import Forecast, NegotiationModel
from foedus.negotiation.central import Compromise, NashBargaining, StatusQuo, WeightedMedian
from foedus.negotiation.exchange import Exchange
from foedus.negotiation.expected_utility import ExpectedUtility
from foedus.negotiation.readers import read_table
from foedus.negotiation.table import NegotiationTable

#: every model by its command-line name
MODELS: dict[str, type[NegotiationModel]] = {
    "compromise": Compromise,
    "weighted-median": WeightedMedian,
    "nash": NashBargaining,
    "expected-utility": ExpectedUtility,
    "exchange": Exchange,
    "status-quo": StatusQuo,
}
#: what ``--model all`` runs (the status quo needs one on every issue, so it is left out)
ALL = ["compromise", "weighted-median", "nash", "expected-utility", "exchange"]


def make_model(name: str | NegotiationModel, rounds: int | None = None, seed: int | None = None) -> NegotiationModel:
    """A model by name, with ``rounds`` and ``seed`` set where the model has them."""
    if isinstance(name, NegotiationModel):
        model = name
    else:
        if name not in MODELS:
            raise InputError(
                f"unknown model {name!r}",
                Location(field="model"),
                f"models: {', '.join(MODELS)} or all",
            )
        model = MODELS[name]()
    params = model.get_params()
    if rounds is not None and "rounds" in params:
        model.set_params(rounds=rounds)
    if seed is not None and "random_state" in params:
        model.set_params(random_state=seed)
    return model


def load(table: NegotiationTable | str | Path) -> NegotiationTable:
    if isinstance(table, NegotiationTable):
        return table
    return read_table(table)


def forecast(
    table: NegotiationTable | str | Path,
    model: str | NegotiationModel = "compromise",
    without: Iterable[str] = (),
    rounds: int | None = None,
    seed: int | None = None,
    **params: Any,
) -> Forecast:
    """Forecast the outcome of every issue of a negotiation.

    ``table`` is a :class:`NegotiationTable` or a path (YAML, CSV, decide or DEU format);
    ``without`` names actors to take away from the table; ``rounds`` and ``seed`` go to the
    models that iterate or draw random numbers; other keyword arguments are model parameters.
    """
    t = load(table)
    without = [w for w in without if w]
    if without:
        t = t.without(without)
    m = make_model(model, rounds=rounds, seed=seed)
    if params:
        m.set_params(**params)
    return m.predict(t)


def forecast_all(
    table: NegotiationTable | str | Path,
    models: Iterable[str] = ALL,
    without: Iterable[str] = (),
    rounds: int | None = None,
    seed: int | None = None,
) -> dict[str, Forecast]:
    t = load(table)
    return {m: forecast(t, m, without=without, rounds=rounds, seed=seed) for m in models}
