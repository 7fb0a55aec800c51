"""Negotiation forecasting: where does a deal land, and who decides it?

Models share one interface (``predict(table) -> Forecast``): :class:`Compromise`,
:class:`WeightedMedian`, :class:`NashBargaining`, :class:`ExpectedUtility` (Bueno de Mesquita in
the specification of Scholz, Calbert & Smith 2011), :class:`Exchange` (Stokman, equal gain) and
the :class:`StatusQuo` null model. Readers take YAML, long CSV, decide's #A/#P/#M/#D rows and
DEU-style CSV. See docs/negotiation.md and docs/models.md.
"""

from __future__ import annotations

from foedus.negotiation.api import ALL, MODELS, forecast, forecast_all, load, make_model
from foedus.negotiation.base import Forecast, NegotiationModel, Round
from foedus.negotiation.central import Compromise, NashBargaining, StatusQuo, WeightedMedian
from foedus.negotiation.exchange import Exchange
from foedus.negotiation.expected_utility import ExpectedUtility
from foedus.negotiation.readers import read_csv, read_decide, read_deu, read_table, read_yaml
from foedus.negotiation.table import Issue, NegotiationTable

__all__ = [
    "ALL",
    "MODELS",
    "Compromise",
    "Exchange",
    "ExpectedUtility",
    "Forecast",
    "Issue",
    "NashBargaining",
    "NegotiationModel",
    "NegotiationTable",
    "Round",
    "StatusQuo",
    "WeightedMedian",
    "forecast",
    "forecast_all",
    "load",
    "make_model",
    "read_csv",
    "read_decide",
    "read_deu",
    "read_table",
    "read_yaml",
]


def __getattr__(name: str):  # the report pulls in matplotlib: load it on demand
    if name == "report":
        import importlib

        return importlib.import_module("foedus.negotiation.report")
    raise AttributeError(name)
