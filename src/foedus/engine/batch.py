"""Vectorised evaluation of many incidents against every clause of a World (numpy).

Incidents become columns of integer codes, numbers and day counts; each compiled condition runs once
per possible world over the whole batch. The result is the same as the scalar engine's (tested
property by property), minus obligations and traces, which are per-incident reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from foedus.engine.compiled import CompiledClause, CompiledException, CompiledInstrument
from foedus.engine.evaluator import void_probability
from foedus.engine.world import World
from foedus.engine.worlds import VARIABLES, chances
from foedus.model import codes
from foedus.model.incident import Incident
from foedus.rules.compiler import EPOCH

APPLIES, NOT_APPLICABLE, EXCLUDED, VOIDED = 0, 1, 2, 3
STATUS_NAMES = np.array(["applies", "not-applicable", "excluded", "voided"], dtype=object)
_FAR_PAST = np.int64(-10**9)
_FAR_FUTURE = np.int64(10**9)


def day_number(day: dt.date | None, default: np.int64) -> np.int64:
    return default if day is None else np.int64((day - EPOCH).days)


class IncidentColumns:
    """The incidents of a batch as arrays, with one vocabulary of codes for every string."""

    def __init__(self, incidents: Sequence[Incident], as_of: dt.date | None = None) -> None:
        self.incidents = list(incidents)
        self.n = len(self.incidents)
        self.vocab: dict[str, int] = {}
        self.words: list[str] = []
        enc = self.encode
        inc = self.incidents
        self.kind = np.fromiter((enc(i.kind) for i in inc), np.int64, self.n)
        self.by = np.fromiter((enc(i.by) for i in inc), np.int64, self.n)
        self.target = np.fromiter((enc(i.target) for i in inc), np.int64, self.n)
        self.where = np.fromiter((enc(i.where) for i in inc), np.int64, self.n)
        self.region = np.fromiter((enc(i.region) for i in inc), np.int64, self.n)
        self.attribution = np.fromiter((i.attribution for i in inc), np.float64, self.n)
        self.casualties = np.fromiter((i.casualties for i in inc), np.float64, self.n)
        self.severity = np.fromiter((i.severity for i in inc), np.float64, self.n)
        self.date = np.fromiter(((i.date - EPOCH).days for i in inc), np.int64, self.n)
        self.as_of = (
            np.full(self.n, day_number(as_of, _FAR_PAST)) if as_of is not None else self.date.copy()
        )
        self.unknown = enc(codes.UNKNOWN)
        self.known_by = self.by != self.unknown
        self.is_state_by = np.fromiter((codes.is_state(i.by) for i in inc), bool, self.n)
        self.p = {name: np.fromiter((chances(i)[name] for i in inc), np.float64, self.n)
                  for name in VARIABLES}
        for name in ("none", "affirmed", "conditional", "rejected"):
            enc(name)
        self._determination: dict[str, np.ndarray] = {}
        self._determined = [k for k, i in enumerate(inc) if i.determinations]
        self.uncertain = tuple(v for v in VARIABLES
                               if np.any((self.p[v] > 0) & (self.p[v] < 1)))
        self.worlds: dict[tuple[str, ...], tuple[list[WorldColumns], np.ndarray]] = {}

    def encode(self, word: str) -> int:
        code = self.vocab.get(word)
        if code is None:
            code = len(self.words)
            self.vocab[word] = code
            self.words.append(word)
        return code

    def determination(self, instrument: str) -> np.ndarray:
        out = self._determination.get(instrument)
        if out is None:
            out = np.full(self.n, self.vocab["none"], dtype=np.int64)
            for index in self._determined:
                value = self.incidents[index].determinations.get(instrument)
                if value is not None:
                    out[index] = self.vocab[value]
            self._determination[instrument] = out
        return out


@dataclass
class WorldColumns:
    """One possible world over the batch: the uncertain inputs fixed, with per-incident weights."""

    values: dict[str, np.ndarray]
    weight: np.ndarray
    derived: dict[str, np.ndarray] = field(default_factory=dict)  # per-world field cache


#: which uncertain input each world-dependent field reads
_FIELD_VARIABLE = {
    "incident.by": "attributed",
    "incident.attributed": "attributed",
    "incident.by_state": "attributed",
    "incident.intentional": "intentional",
    "incident.sustained": "sustained",
    "incident.provoked": "provoked",
}


def variables_read(conditions) -> set[str]:
    return {_FIELD_VARIABLE[f] for c in conditions for f in c.fields if f in _FIELD_VARIABLE}


def batch_worlds(
    cols: IncidentColumns, read: set[str] | None = None
) -> tuple[list[WorldColumns], np.ndarray]:
    """Worlds over the variables that are uncertain somewhere and read (default: all), and the
    index of each row's reported world. Unread variables keep their reported values."""
    uncertain = tuple(v for v in cols.uncertain if read is None or v in read)
    cached = cols.worlds.get(uncertain)
    if cached is None:
        cached = _make_worlds(cols, uncertain)
        cols.worlds[uncertain] = cached
    return cached


def _make_worlds(cols: IncidentColumns, uncertain: tuple[str, ...]
                 ) -> tuple[list[WorldColumns], np.ndarray]:
    base = {v: (cols.known_by if v == "attributed" else cols.p[v] >= 0.5) for v in VARIABLES}
    worlds: list[WorldColumns] = []
    for index in range(2 ** len(uncertain)):
        bits = {v: bool(index >> k & 1) for k, v in enumerate(uncertain)}
        weight = np.ones(cols.n)
        values: dict[str, np.ndarray] = dict(base)
        for v, bit in bits.items():
            p = cols.p[v]
            weight = weight * (p if bit else 1.0 - p)
            values[v] = np.full(cols.n, bit)
        values["attributed"] = values["attributed"] & cols.known_by
        worlds.append(WorldColumns(values, weight))
    reported = np.zeros(cols.n, dtype=np.int64)
    for k, v in enumerate(uncertain):
        reported |= base[v].astype(np.int64) << k
    return worlds, reported


class BatchEnv:
    """Answers the condition language's questions for a whole batch in one world."""

    def __init__(self, cols: IncidentColumns, world: WorldColumns, inst: CompiledInstrument,
                 clause: CompiledClause | None, cache: dict) -> None:
        self.cols = cols
        self.world = world
        self.inst = inst
        self.clause = clause
        self.n = cols.n
        self.cache = cache

    def get(self, name: str) -> np.ndarray:
        c = self.cols
        match name:
            case "incident.by":
                out = self.world.derived.get(name)
                if out is None:
                    out = np.where(self.world.values["attributed"], c.by, c.unknown)
                    self.world.derived[name] = out
                return out
            case "incident.attributed":
                return self.world.values["attributed"]
            case "incident.by_state":
                out = self.world.derived.get(name)
                if out is None:
                    out = self.world.values["attributed"] & c.is_state_by
                    self.world.derived[name] = out
                return out
            case "incident.intentional" | "incident.sustained" | "incident.provoked":
                return self.world.values[name.split(".")[1]]
            case "incident.determination":
                return c.determination(self.inst.id)
            case "as_of":
                return c.as_of
            case _:
                return getattr(c, name.split(".", 1)[1])

    def code(self, word: str) -> int:
        return self.cols.encode(word)

    def lut(self, words: frozenset[str]) -> np.ndarray:
        key = ("lut", words, len(self.cols.words))
        out = self.cache.get(key)
        if out is None:
            out = np.fromiter((w in words for w in self.cols.words), bool, len(self.cols.words))
            self.cache[key] = out
        return out

    def within_lut(self, places: frozenset[str]) -> np.ndarray:
        key = ("within", places, len(self.cols.words))
        out = self.cache.get(key)
        if out is None:
            geo = codes.geography()
            out = np.fromiter((geo.within(w, places) for w in self.cols.words), bool,
                              len(self.cols.words))
            self.cache[key] = out
        return out

    def _interval_mask(self, key: tuple, spans_of, codes_arr: np.ndarray) -> np.ndarray:
        full_key = (*key, len(self.cols.words))
        table = self.cache.get(full_key)
        if table is None:
            spans = [spans_of(w) for w in self.cols.words]
            k = max((len(s) for s in spans), default=0) or 1
            start = np.full((k, len(spans)), _FAR_FUTURE)
            end = np.full((k, len(spans)), _FAR_PAST)
            for j, actor_spans in enumerate(spans):
                for i, (s, e) in enumerate(actor_spans):
                    start[i, j] = day_number(s, _FAR_PAST)
                    end[i, j] = day_number(e, _FAR_FUTURE)
            table = (start, end)
            self.cache[full_key] = table
        persistent = any(codes_arr is getattr(self.cols, f) for f in ("target", "by", "region"))
        memo_key = (*full_key, "mask", id(codes_arr)) if persistent else None
        if memo_key is not None and memo_key in self.cache:
            return self.cache[memo_key]
        start, end = table
        as_of = self.cols.as_of
        out = (start[0][codes_arr] <= as_of) & (as_of < end[0][codes_arr])
        for i in range(1, start.shape[0]):
            out |= (start[i][codes_arr] <= as_of) & (as_of < end[i][codes_arr])
        if memo_key is not None:
            self.cache[memo_key] = out
        return out

    def in_named(self, which: str, org: str | None, codes_arr: np.ndarray) -> np.ndarray:
        inst = self.inst
        if which == "beneficiaries" and self.clause is not None:
            ben = self.clause.clause.beneficiaries
            if ben != "parties":
                return self.lut(frozenset(ben))[codes_arr]
            which = "parties"
        if which == "parties":
            return self._interval_mask(("parties", inst.id, id(inst)), inst.party_intervals,
                                       codes_arr)
        spans = inst.memberships.spans.get(org or "", {})
        return self._interval_mask(("members", org), lambda w: spans.get(w, []), codes_arr)


def _fires(exc: CompiledException, env: BatchEnv) -> np.ndarray:
    out = exc.condition.evaluate_batch(env)
    if exc.active_from is not None:
        out = out & (env.cols.as_of >= day_number(exc.active_from, _FAR_PAST))
    for child in exc.children:
        out = out & ~_fires(child, env)
    return out


def _clause_world(cols, world, inst, cc: CompiledClause, cache) -> tuple[np.ndarray, np.ndarray | None]:
    """Status codes and first fired exception index (-1 if none; None without exceptions)."""
    if cc.trigger is None:
        return np.full(cols.n, NOT_APPLICABLE, dtype=np.int8), None
    env = BatchEnv(cols, world, inst, cc, cache)
    ok = cc.trigger.evaluate_batch(env)
    if cc.gate is not None:
        ok = ok & cc.gate.evaluate_batch(env)
    # codes by arithmetic on boolean views: applies 0, not-applicable 1, excluded 2
    status = (~ok).view(np.int8)
    if not cc.exceptions:
        return status, None
    first = np.full(cols.n, -1, dtype=np.int16)
    fired_any = np.zeros(cols.n, dtype=bool)
    for index, exc in enumerate(cc.exceptions):
        fired = _fires(exc, env) & ok & ~fired_any
        np.copyto(first, np.int16(index), where=fired)
        fired_any |= fired
    status = status + (fired_any & ok).view(np.int8) * np.int8(EXCLUDED)
    return status, first


def _conditions(cc: CompiledClause) -> list:
    found = [c for c in (cc.trigger, cc.gate) if c is not None]
    stack = list(cc.exceptions)
    while stack:
        exc = stack.pop()
        found.append(exc.condition)
        stack += exc.children
    return found


@dataclass
class ClauseResult:
    instrument: str
    clause: str
    status: np.ndarray  # int8 codes, see STATUS_NAMES
    probability: np.ndarray
    exception_code: np.ndarray  # int16 index into `names`, -1 for none
    void_code: np.ndarray  # int16 index into `names`, -1 for none
    names: list[str]

    def _decode(self, codes_: np.ndarray) -> np.ndarray:
        table = np.array([*self.names, None], dtype=object)
        return table[codes_]  # -1 picks the trailing None

    @property
    def exception(self) -> np.ndarray:
        return self._decode(self.exception_code)

    @property
    def void_condition(self) -> np.ndarray:
        return self._decode(self.void_code)


def _in_force_mask(cols: IncidentColumns, inst: CompiledInstrument, world, cache) -> np.ndarray:
    as_of = cols.as_of
    mask = (as_of >= day_number(inst.start, _FAR_PAST)) & (
        as_of < day_number(inst.instrument.expires, _FAR_FUTURE)
    )
    env = BatchEnv(cols, world, inst, None, cache)
    for _, condition in inst.terminations:
        mask &= ~condition.evaluate_batch(env)
    return mask


def evaluate_columns(world: World, cols: IncidentColumns) -> list[ClauseResult]:
    """Every clause of every instrument over the batch (no relevance filter).

    Each clause is evaluated once per combination of only the uncertain inputs it reads.
    """
    base_worlds, _ = batch_worlds(cols, set())
    results: list[ClauseResult] = []
    cache: dict = {}
    for inst in world.instruments.values():
        in_force = _in_force_mask(cols, inst, base_worlds[0], cache)
        for clause_id, versions in inst.clauses.items():
            status_rep = np.full(cols.n, NOT_APPLICABLE, dtype=np.int8)
            probability = np.zeros(cols.n)
            exception = np.full(cols.n, -1, dtype=np.int16)
            void_code = np.full(cols.n, -1, dtype=np.int16)
            names: list[str] = []
            for v_index, cc in enumerate(versions):
                if len(versions) == 1 and cc.active_from is None:
                    select = in_force
                else:
                    start = day_number(cc.active_from, _FAR_PAST)
                    end = (day_number(versions[v_index + 1].active_from, _FAR_FUTURE)
                           if v_index + 1 < len(versions) else _FAR_FUTURE)
                    select = in_force & (cols.as_of >= start) & (cols.as_of < end)
                if not select.any():
                    continue
                worlds, reported = batch_worlds(cols, variables_read(_conditions(cc)))
                per_world = [_clause_world(cols, w, inst, cc, cache) for w in worlds]
                if len(worlds) == 1:
                    rep, rep_first = per_world[0]
                    prob = (rep == APPLIES).astype(np.float64)
                else:
                    prob = np.zeros(cols.n)
                    for w, (st, _) in zip(worlds, per_world, strict=True):
                        prob += w.weight * (st == APPLIES)
                    rep = np.choose(reported, [st for st, _ in per_world])
                    rep_first = (None if per_world[0][1] is None
                                 else np.choose(reported, [f for _, f in per_world]))
                offset = len(names)
                names += [e.rule.id for e in cc.exceptions]
                if cc.clause.void_conditions and world.history:
                    p_void = np.zeros(cols.n)
                    voided = np.zeros(cols.n, dtype=bool)
                    for i in np.flatnonzero(select):  # history is short; reuse the scalar rule
                        p, name = void_probability(world, inst, cc, cols.incidents[i], [], None)
                        p_void[i] = p
                        if name is not None and rep[i] == APPLIES:
                            voided[i] = True
                            if name not in names:
                                names.append(name)
                            void_code[i] = names.index(name)
                    prob = prob * (1.0 - p_void)
                    rep = np.where(voided, VOIDED, rep).astype(np.int8)
                if select is in_force and in_force.all():
                    status_rep, probability = rep, prob
                else:
                    np.copyto(status_rep, rep, where=select)
                    np.copyto(probability, prob, where=select)
                if rep_first is not None:
                    excluded = select & (rep == EXCLUDED)
                    np.copyto(exception, rep_first + np.int16(offset), where=excluded)
            results.append(ClauseResult(inst.id, clause_id, status_rep, probability, exception,
                                        void_code, names))
    return results


def evaluate_batch(world: World, incidents: Sequence[Incident], as_of: dt.date | None = None):
    """All incident x clause findings as a pandas DataFrame (status, probability, exception...)."""
    import pandas as pd  # lazy: pandas is slow to import and only batch users need it

    cols = IncidentColumns(incidents, as_of)
    results = evaluate_columns(world, cols)
    ids = np.array([i.id for i in cols.incidents], dtype=object)
    frames = [
        pd.DataFrame({
            "incident": ids,
            "instrument": r.instrument,
            "clause": r.clause,
            "status": STATUS_NAMES[r.status],
            "probability": r.probability,
            "exception": r.exception,
            "void_condition": r.void_condition,
        })
        for r in results
    ]
    if not frames:
        return pd.DataFrame(columns=["incident", "instrument", "clause", "status", "probability",
                                     "exception", "void_condition"])
    frame = pd.concat(frames, ignore_index=True)
    for column in ("instrument", "clause", "status"):
        frame[column] = frame[column].astype("category")
    return frame
