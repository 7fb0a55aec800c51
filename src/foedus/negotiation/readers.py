"""Readers for negotiation tables: YAML, CSV, decide's tagged rows (#A/#P/#M/#D), DEU-style CSV.

Every reader returns a validated :class:`NegotiationTable` or raises :class:`InputError` with the
file, line and field of the first problem found. Salience in files is 0-100 (decide: 0-1).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from foedus.errors import FoedusError, InputError, Location
from foedus.negotiation.table import Cell, Issue, NegotiationTable

# ---------------------------------------------------------------------------- YAML with lines


class _LineLoader(yaml.SafeLoader):
    pass


class _Map(dict):
    line: int = 0
    key_lines: dict[str, int]


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    m = _Map(loader.construct_mapping(node, deep=True))
    m.line = node.start_mark.line + 1
    m.key_lines = {}
    for k, v in node.value:
        m.key_lines[str(loader.construct_object(k))] = v.start_mark.line + 1
    keys = [str(loader.construct_object(k)) for k, _ in node.value]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        raise InputError(
            f"key {sorted(dup)[0]!r} appears twice in one mapping",
            Location(line=node.start_mark.line + 1, field=sorted(dup)[0]),
        )
    return m


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def _line(m: Any, key: str | None = None) -> int | None:
    if isinstance(m, _Map):
        if key is not None and key in m.key_lines:
            return m.key_lines[key]
        return m.line
    return None


def _num(value: Any, where: Location, what: str, required: bool = True) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"missing {what}", where, f"give {what} as a number")
        return None
    if isinstance(value, bool):
        raise InputError(f"{what} must be a number, not {value!r}", where)
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a number, not {value!r}", where) from None
    if math.isnan(v):
        if required:
            raise InputError(f"missing {what}", where, f"give {what} as a number")
        return None
    return v


def read_yaml(path: str | Path, text: str | None = None) -> NegotiationTable:
    """Read the YAML negotiation format (docs/negotiation.md)."""
    path = Path(path)
    fname = str(path)
    try:
        raw = text if text is not None else path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror}", Location(file=fname)) from None
    try:
        doc = yaml.load(raw, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except FoedusError as e:
        raise e.at(file=fname) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(
            f"not valid YAML: {getattr(e, 'problem', e)}",
            Location(file=fname, line=mark.line + 1 if mark else None),
        ) from None
    if not isinstance(doc, dict):
        raise InputError("expected a mapping with issues and actors", Location(file=fname))
    for key in ("issues", "actors"):
        if key not in doc or not isinstance(doc[key], list):
            raise InputError(f"missing list {key!r}", Location(file=fname, line=_line(doc), field=key))
    known_top = {"name", "description", "issues", "actors", "sources", "notes", "as_of"}
    for k in doc:
        if k not in known_top:
            raise InputError(
                f"unknown field {k!r}",
                Location(file=fname, line=_line(doc, k), field=k),
                f"known fields: {', '.join(sorted(known_top))}",
            )
    issues: list[Issue] = []
    for n, it in enumerate(doc["issues"]):
        where = Location(file=fname, line=_line(it), field=f"issues[{n}]")
        if not isinstance(it, dict) or "id" not in it:
            raise InputError("an issue needs an id", where)
        iid = str(it["id"])
        where.field = f"issues.{iid}"
        lower = _num(it.get("lower", 0), where, "lower")
        upper = _num(it.get("upper", 100), where, "upper")
        anchors_raw = it.get("anchors") or {}
        if not isinstance(anchors_raw, dict):
            raise InputError("anchors must map scale values to labels", where)
        anchors = {
            float(_num(k, where, "anchor value")): str(v)  # type: ignore[arg-type]
            for k, v in anchors_raw.items()
        }
        issues.append(
            Issue(
                id=iid,
                label=str(it.get("label", "")),
                lower=lower,  # type: ignore[arg-type]
                upper=upper,  # type: ignore[arg-type]
                anchors=anchors,
                status_quo=_num(it.get("status_quo"), where, "status_quo", required=False),
                outcome=_num(it.get("outcome"), where, "outcome", required=False),
            )
        )
    ids = [i.id for i in issues]
    n_a, n_i = len(doc["actors"]), len(issues)
    pos = np.full((n_a, n_i), np.nan)
    sal = np.full((n_a, n_i), np.nan)
    cap = np.full((n_a, n_i), np.nan)
    at = np.ones(n_a, dtype=bool)
    actors: list[str] = []
    labels: dict[str, str] = {}
    sources: dict[tuple[str, str], Cell] = {}
    seen: dict[str, int | None] = {}
    for n, ac in enumerate(doc["actors"]):
        where = Location(file=fname, line=_line(ac), field=f"actors[{n}]")
        if not isinstance(ac, dict) or "id" not in ac:
            raise InputError("an actor needs an id", where)
        aid = str(ac["id"])
        where.field = f"actors.{aid}"
        if aid in seen:
            raise InputError(
                f"actor {aid!r} appears twice (first on line {seen[aid]})",
                where,
                "each actor once; put all its issues under one entry",
            )
        seen[aid] = where.line
        actors.append(aid)
        labels[aid] = str(ac.get("name", aid))
        at[n] = bool(ac.get("at_table", True))
        base_cap = _num(
            ac.get("capability"),
            Location(file=fname, line=_line(ac, "capability"), field=f"actors.{aid}.capability"),
            "capability",
            required=False,
        )
        positions = ac.get("positions") or {}
        if not isinstance(positions, dict):
            raise InputError("positions must map issue ids to cells", where)
        for iid, cell in positions.items():
            cw = Location(file=fname, line=_line(positions, iid), field=f"actors.{aid}.{iid}")
            if iid not in ids:
                raise InputError(f"unknown issue {iid!r}", cw, f"issues declared: {', '.join(ids)}")
            k = ids.index(iid)
            if not isinstance(cell, dict):
                cell = {"position": cell}
            pos[n, k] = _num(cell.get("position"), _sub(cw, "position"), "position")  # type: ignore[assignment]
            sv = _num(cell.get("salience"), _sub(cw, "salience"), "salience", required=False)
            if sv is None:
                raise InputError(
                    f"{aid} has a position on {iid!r} but no salience",
                    _sub(cw, "salience"),
                    "give a salience from 0 to 100 for every position",
                )
            if not 0 <= sv <= 100:
                raise InputError(
                    f"salience {sv:g} of {aid} on {iid!r} is off the scale",
                    _sub(cw, "salience"),
                    "salience runs from 0 to 100",
                )
            sal[n, k] = sv / 100
            cv = _num(cell.get("capability"), _sub(cw, "capability"), "capability", False)
            cap[n, k] = cv if cv is not None else (base_cap if base_cap is not None else np.nan)
            if np.isnan(cap[n, k]):
                raise InputError(
                    f"actor {aid} has no capability",
                    Location(file=fname, line=_line(ac), field=f"actors.{aid}.capability"),
                    "give every actor a capability (a positive number; only ratios matter)",
                )
            src = cell.get("source")
            sources[(aid, iid)] = Cell(source=None if src is None else str(src), note=cell.get("note"))
        cap[n, np.isnan(cap[n])] = base_cap if base_cap is not None else 0.0
    return _located(
        NegotiationTable,
        fname,
        issues=issues,
        actors=actors,
        position=pos,
        salience=sal,
        capability=cap,
        at_table=at,
        name=str(doc.get("name", path.stem)),
        actor_labels=labels,
        sources=sources,
        file=fname,
        lines={
            **{f"actors.{a}": _line(doc["actors"][i]) for i, a in enumerate(actors)},
            **{f"issues.{i.id}": _line(doc["issues"][n]) for n, i in enumerate(issues)},
        },
    )


def _sub(loc: Location, field: str) -> Location:
    return Location(file=loc.file, line=loc.line, field=f"{loc.field}.{field}")


def _located(cls, fname, lines: dict[str, int | None] | None = None, **kw) -> NegotiationTable:
    """Build the table; attach a line number to a validation error when we know it."""
    try:
        return cls(**kw)
    except InputError as e:
        if lines and e.location.field and e.location.line is None:
            fld = e.location.field
            head = fld.split(".")[0]
            for key, ln in lines.items():
                kind, _, name = key.partition(".")
                hit = fld == key or fld.startswith(key + ".")
                if kind == "actors" and head == name:
                    hit = True
                if hit:
                    e.location.line = ln
                    break
        raise e.at(file=fname) from None


# ---------------------------------------------------------------------------- CSV (long form)

_ALIASES = {
    "issue": "issue",
    "actor": "actor",
    "position": "position",
    "salience": "salience",
    "capability": "capability",
    "power": "capability",
    "lower": "lower",
    "upper": "upper",
    "status_quo": "status_quo",
    "outcome": "outcome",
    "at_table": "at_table",
    "source": "source",
}


def read_csv(path: str | Path, text: str | None = None, scale: tuple[float, float] | None = None) -> NegotiationTable:
    """Read a long CSV: one row per actor and issue.

    Columns (case-insensitive): ``actor, position, salience, capability`` and optionally
    ``issue`` (absent: one issue named after the file), ``lower, upper, status_quo, outcome``
    (per issue, repeated on its rows), ``at_table``, ``source``. ``scale`` overrides the
    issue scale; without ``lower``/``upper`` columns the scale is 0-100.
    """
    path = Path(path)
    fname = str(path)
    raw = text if text is not None else _read_text(path)
    reader = csv.reader(io.StringIO(raw))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty", Location(file=fname)) from None
    cols = {}
    for n, h in enumerate(header):
        key = _ALIASES.get(h.strip().lower())
        if key:
            cols[key] = n
    for need in ("actor", "position", "salience", "capability"):
        if need not in cols:
            raise InputError(
                f"missing column {need!r}",
                Location(file=fname, line=1, field=need),
                "columns: issue, actor, position, salience, capability[, lower, upper, ...]",
            )
    single = path.stem
    rows: list[tuple[int, dict[str, str]]] = []
    for ln, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        rows.append((ln, {k: (row[i].strip() if i < len(row) else "") for k, i in cols.items()}))
    issue_ids: list[str] = []
    meta: dict[str, dict[str, float | None]] = {}
    actor_ids: list[str] = []
    cells: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}
    for ln, r in rows:
        iid = r.get("issue") or single
        aid = r["actor"]
        where = Location(file=fname, line=ln, field="actor")
        if not aid:
            raise InputError("missing actor", where)
        if iid not in issue_ids:
            issue_ids.append(iid)
            meta[iid] = {}
        for key in ("lower", "upper", "status_quo", "outcome"):
            if key in r and r[key]:
                v = _num(r[key], Location(file=fname, line=ln, field=key), key)
                if meta[iid].get(key) is not None and meta[iid][key] != v:
                    raise InputError(
                        f"{key} of issue {iid!r} differs between rows",
                        Location(file=fname, line=ln, field=key),
                    )
                meta[iid][key] = v
        if aid not in actor_ids:
            actor_ids.append(aid)
        if (aid, iid) in cells:
            raise InputError(
                f"actor {aid!r} appears twice on issue {iid!r} (first on line {cells[(aid, iid)][0]})",
                Location(file=fname, line=ln, field="actor"),
                "one row per actor and issue",
            )
        cells[(aid, iid)] = (ln, r)
    if not issue_ids:
        raise InputError("the file has no rows", Location(file=fname))
    issues = []
    for iid in issue_ids:
        m = meta[iid]
        lo = scale[0] if scale else (m.get("lower") if m.get("lower") is not None else 0.0)
        hi = scale[1] if scale else (m.get("upper") if m.get("upper") is not None else 100.0)
        issues.append(
            Issue(
                id=iid,
                lower=float(lo),  # type: ignore[arg-type]
                upper=float(hi),  # type: ignore[arg-type]
                status_quo=m.get("status_quo"),
                outcome=m.get("outcome"),
            )
        )
    n_a, n_i = len(actor_ids), len(issues)
    pos = np.full((n_a, n_i), np.nan)
    sal = np.full((n_a, n_i), np.nan)
    cap = np.full((n_a, n_i), np.nan)
    at = np.ones(n_a, dtype=bool)
    sources = {}
    for (aid, iid), (ln, r) in cells.items():
        i, k = actor_ids.index(aid), issue_ids.index(iid)

        def loc(f: str, ln: int = ln) -> Location:
            return Location(file=fname, line=ln, field=f)

        pos[i, k] = _num(r["position"], loc("position"), "position")  # type: ignore[assignment]
        sv = _num(r["salience"], loc("salience"), "salience", required=False)
        if sv is None:
            raise InputError(
                f"{aid} has a position on {iid!r} but no salience",
                loc("salience"),
                "give a salience from 0 to 100 for every position",
            )
        if not 0 <= sv <= 100:
            raise InputError(
                f"salience {sv:g} of {aid} on {iid!r} is off the scale",
                loc("salience"),
                "salience runs from 0 to 100",
            )
        sal[i, k] = sv / 100
        cv = _num(r["capability"], loc("capability"), "capability", required=False)
        if cv is None:
            raise InputError(
                f"actor {aid} has no capability",
                loc("capability"),
                "give every actor a capability (a positive number; only ratios matter)",
            )
        cap[i, k] = cv
        if r.get("at_table", "").lower() in ("false", "no", "0"):
            at[i] = False
        if r.get("source"):
            sources[(aid, iid)] = Cell(source=r["source"])
        lo, hi = issues[k].lower, issues[k].upper
        if not lo - 1e-9 <= pos[i, k] <= hi + 1e-9:
            raise InputError(
                f"position {pos[i, k]:g} of {aid} on {iid!r} is off the scale",
                loc("position"),
                f"positions on this issue run from {lo:g} to {hi:g}",
            )
    # an actor's capability where it has no position: its capability elsewhere
    for i in range(n_a):
        row = cap[i]
        fill = np.nanmax(row) if np.isfinite(row).any() else 0.0
        row[np.isnan(row)] = fill
    return _located(
        NegotiationTable,
        fname,
        issues=issues,
        actors=actor_ids,
        position=pos,
        salience=sal,
        capability=cap,
        at_table=at,
        name=path.stem,
        sources=sources,
        file=fname,
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror}", Location(file=str(path))) from None
    except UnicodeDecodeError:
        return path.read_text(encoding="latin-1")


# ---------------------------------------------------------------------------- decide format


def _unquote(v: str) -> str:
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1]
    return v


def read_decide(path: str | Path, text: str | None = None) -> NegotiationTable:
    """Read decide-exchange-model input: tab-separated rows tagged #A, #P, #M, #D.

    ``#A id name comment``; ``#P id name description``; ``#M issue value`` (scale anchors: the
    issue runs from the smallest to the largest); ``#D actor issue position salience power``
    with salience 0-1.
    """
    path = Path(path)
    fname = str(path)
    raw = text if text is not None else _read_text(path)
    actors: list[str] = []
    labels: dict[str, str] = {}
    issues: dict[str, dict[str, Any]] = {}
    data: dict[tuple[str, str], tuple[int, float, float, float]] = {}
    for ln, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [_unquote(p) for p in (line.split("\t") if "\t" in line else line.split(";"))]
        tag = parts[0]
        where = Location(file=fname, line=ln, field=tag)
        if tag == "#A":
            if len(parts) < 2 or not parts[1]:
                raise InputError("#A row without an actor id", where)
            if parts[1] in labels:
                raise InputError(f"actor {parts[1]!r} appears twice", where)
            actors.append(parts[1])
            labels[parts[1]] = parts[2] if len(parts) > 2 and parts[2] else parts[1]
        elif tag == "#P":
            if len(parts) < 2 or not parts[1]:
                raise InputError("#P row without an issue id", where)
            if parts[1] in issues:
                raise InputError(f"issue {parts[1]!r} appears twice", where)
            issues[parts[1]] = {
                "label": parts[3] if len(parts) > 3 else parts[1],
                "anchors": {},
                "line": ln,
            }
        elif tag == "#M":
            if len(parts) < 3 or parts[1] not in issues:
                raise InputError(f"#M row for undeclared issue {parts[1] if len(parts) > 1 else ''!r}", where)
            v = _num(parts[2], where, "scale value")
            issues[parts[1]]["anchors"][v] = parts[3] if len(parts) > 3 else ""
        elif tag == "#D":
            if len(parts) < 6:
                raise InputError(
                    "#D row needs actor, issue, position, salience, power",
                    where,
                    "tab-separated: '#D' actor issue position salience power",
                )
            aid, iid = parts[1], parts[2]
            if aid not in labels:
                raise InputError(f"#D row for undeclared actor {aid!r}", where)
            if iid not in issues:
                raise InputError(f"#D row for undeclared issue {iid!r}", where)
            if (aid, iid) in data:
                raise InputError(f"actor {aid!r} appears twice on issue {iid!r}", where, "one #D row each")
            x = _num(parts[3], Location(file=fname, line=ln, field="position"), "position")
            s = _num(parts[4], Location(file=fname, line=ln, field="salience"), "salience")
            c = _num(parts[5], Location(file=fname, line=ln, field="power"), "power")
            if not 0 <= s <= 1:  # type: ignore[operator]
                raise InputError(
                    f"salience {s:g} is off the scale",
                    Location(file=fname, line=ln, field="salience"),
                    "decide files give salience from 0 to 1",
                )
            data[(aid, iid)] = (ln, x, s, c)  # type: ignore[assignment]
        elif tag.startswith("#"):
            raise InputError(f"unknown row tag {tag!r}", where, "tags: #A, #P, #M, #D")
    iss = []
    for iid, m in issues.items():
        vals = sorted(m["anchors"])
        lo, hi = (vals[0], vals[-1]) if len(vals) >= 2 else (0.0, 100.0)
        iss.append(
            Issue(
                id=iid,
                label=m["label"],
                lower=lo,
                upper=hi,
                anchors={v: t for v, t in m["anchors"].items() if t},
            )
        )
    ids = list(issues)
    pos = np.full((len(actors), len(ids)), np.nan)
    sal = np.full_like(pos, np.nan)
    cap = np.full_like(pos, np.nan)
    for (aid, iid), (ln, x, s, c) in data.items():
        i, k = actors.index(aid), ids.index(iid)
        if not iss[k].lower <= x <= iss[k].upper:
            raise InputError(
                f"position {x:g} of {aid} on {iid!r} is off the scale",
                Location(file=fname, line=ln, field="position"),
                f"the #M rows of {iid!r} give {iss[k].lower:g} to {iss[k].upper:g}",
            )
        pos[i, k], sal[i, k], cap[i, k] = x, s, c
    for i in range(len(actors)):
        row = cap[i]
        row[np.isnan(row)] = np.nanmax(row) if np.isfinite(row).any() else 0.0
    return _located(
        NegotiationTable,
        fname,
        issues=iss,
        actors=actors,
        position=pos,
        salience=sal,
        capability=cap,
        name=path.stem,
        actor_labels=labels,
        file=fname,
        lines={f"issues.{k}": v["line"] for k, v in issues.items()},
    )


# ---------------------------------------------------------------------------- DEU-style CSV


def read_deu(
    path: str | Path,
    capability: str = "file",
    missing_salience: float | None = 50.0,
    require_outcome: bool = True,
) -> NegotiationTable:
    """Read a DEU-style file (Thomson et al.; DEU III as redistributed with a size row).

    Tab- or comma-separated; position columns ``p<actor>`` and salience columns ``s<actor>``
    (0-100) for the same actor codes, ``rp`` (reference point = status quo), ``out`` (outcome),
    ``isnr`` or ``issue`` (issue id). A second line without an issue id, if present, holds a
    relative size per actor (used as capability with ``capability="file"``); with
    ``capability="equal"`` every actor counts alike. ``missing_salience``: the salience given to
    a position whose salience is blank (the DEU convention is 50; ``None`` makes it an error).
    Issues without an outcome are dropped when ``require_outcome``.
    """
    import pandas as pd

    path = Path(path)
    fname = str(path)
    raw = _read_text(path)
    sep = "\t" if raw.split("\n", 1)[0].count("\t") > raw.split("\n", 1)[0].count(",") else ","
    try:
        df = pd.read_csv(io.StringIO(raw), sep=sep, dtype=str, keep_default_na=False)
    except Exception as e:  # pandas raises many kinds
        raise InputError(f"cannot parse as CSV: {e}", Location(file=fname)) from None
    cols = list(df.columns)
    idcol = "isnr" if "isnr" in cols else ("issue" if "issue" in cols else None)
    if idcol is None:
        raise InputError("no issue id column", Location(file=fname, line=1), "need 'isnr' or 'issue'")
    skip = {"prnrnmc", "prnr", "prname", "proc", "proccde"}
    codes = [c[1:] for c in cols if c.startswith("p") and c not in skip and ("s" + c[1:]) in cols]
    if not codes:
        raise InputError("no actor columns", Location(file=fname, line=1), "need pairs p<actor>, s<actor>")

    def num(v: str) -> float:
        v = v.strip().strip('"')
        return float(v) if v else np.nan

    size = None
    first = df.iloc[0]
    if not first[idcol].strip():
        size = np.array([num(first["p" + c]) for c in codes])
        df = df.iloc[1:]
        line0 = 3
    else:
        line0 = 2
    issues, pos_rows, sal_rows = [], [], []
    for n, (_, row) in enumerate(df.iterrows()):
        ln = line0 + n
        out = num(row["out"]) if "out" in cols else np.nan
        if require_outcome and not np.isfinite(out):
            continue
        rp = num(row["rp"]) if "rp" in cols else np.nan
        x = np.array([num(row["p" + c]) for c in codes])
        s = np.array([num(row["s" + c]) for c in codes])
        s = np.where(np.isfinite(x), s, np.nan)
        blank = np.isfinite(x) & ~np.isfinite(s)
        if blank.any():
            if missing_salience is None:
                a = codes[int(np.nonzero(blank)[0][0])]
                raise InputError(
                    f"{a} has a position but no salience",
                    Location(file=fname, line=ln, field="s" + a),
                    "give a salience, or read with missing_salience=50",
                )
            s[blank] = missing_salience
        if not np.isfinite(x).any():
            continue
        issues.append(
            Issue(
                id=row[idcol].strip().strip('"'),
                label=row.get("prname", "").strip('"'),
                group=row.get("prnr", "").strip('"') or None,
                status_quo=None if not np.isfinite(rp) else float(rp),
                outcome=None if not np.isfinite(out) else float(out),
            )
        )
        pos_rows.append(x)
        sal_rows.append(s / 100)
    if capability == "file":
        if size is None:
            raise InputError(
                "capability='file' but the file has no size row",
                Location(file=fname, line=2),
                "use capability='equal'",
            )
        cap = np.nan_to_num(size, nan=0.0)
    elif capability == "equal":
        cap = np.ones(len(codes))
    else:
        raise InputError(f"unknown capability rule {capability!r}", hint="'file' or 'equal'")
    pos = np.array(pos_rows).T
    sal = np.array(sal_rows).T
    return _located(
        NegotiationTable,
        fname,
        issues=issues,
        actors=[c.upper() for c in codes],
        position=pos,
        salience=sal,
        capability=np.repeat(cap[:, None], len(issues), axis=1),
        name=path.stem,
        file=fname,
    )


# ---------------------------------------------------------------------------- dispatch


def read_table(path: str | Path) -> NegotiationTable:
    """Read any supported format, chosen by suffix and content."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", Location(file=str(path)))
    if path.suffix.lower() in (".yaml", ".yml"):
        return read_yaml(path)
    text = _read_text(path)
    head = text.lstrip()[:200]
    if head.startswith("'#A'") or head.startswith("#A") or head.startswith('"#A"'):
        return read_decide(path, text)
    first = text.split("\n", 1)[0].lower()
    if ("isnr" in first or "prnr" in first) and ("out" in first or "rp" in first):
        return read_deu(path)
    return read_csv(path, text)
