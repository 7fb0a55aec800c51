"""Turn evidence (the JSON of `foedus read`) into proposed changes to a scenario or a negotiation.

Nothing is written unless the caller asks (`write=True`, the CLI's `--yes`). Every change carries
the article and the character span it comes from. Bundled library files are never edited: a change
to a library scenario or negotiation is written to a new file (a scenario that `extends` the
library one; a copy of the negotiation table).
"""

from __future__ import annotations

import copy
import difflib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from foedus.errors import InputError, Location

SCHEMA_KEYS = {"article", "date", "actors", "people", "quotes", "events", "stances", "flags"}


@dataclass
class Change:
    op: str  # move-position | add-incident | add-deployment | skip
    target: str
    before: Any
    after: Any
    article: str
    span: list[int]
    text: str
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v not in ("", None) or k in ("before", "after")}

    @classmethod
    def skip(cls, target: str, article: str, span: list[int], text: str, reason: str) -> Change:
        """A piece of evidence that is shown but not applied, with the reason why."""
        return cls("skip", target, None, None, article, span, text, reason)


@dataclass
class Plan:
    kind: str  # scenario | negotiation
    target: str
    out: Path
    changes: list[Change] = field(default_factory=list)
    before_text: str = ""
    after_text: str = ""

    @property
    def applicable(self) -> list[Change]:
        return [c for c in self.changes if c.op != "skip"]

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before_text.splitlines(keepends=True),
                self.after_text.splitlines(keepends=True),
                fromfile=self.target,
                tofile=str(self.out),
            )
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "target": self.target,
            "out": str(self.out),
            "changes": [c.to_json() for c in self.changes],
        }


def load_evidence(path: Path) -> list[dict[str, Any]]:
    label = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            "no such file", Location(label), "give the JSON written by `foedus read --format json`"
        ) from None
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file", Location(label), "give the JSON written by `foedus read`") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}",
            Location(label, exc.lineno, exc.colno),
            "give the JSON written by `foedus read --format json`",
        ) from None
    items = data if isinstance(data, list) else [data]
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not {"article", "stances", "events"} <= set(item):
            raise InputError(
                "not evidence: expected objects with article, events and stances",
                Location(label, field=f"[{i}]"),
                "see docs/evidence.md, JSON contract",
            )
    return items


def _library_dir(sub: str) -> Path:
    return Path(str(resources.files("foedus.library") / sub))


def resolve_target(target: str) -> tuple[str, Path, bool]:
    """(kind, path, is_library) for a scenario/negotiation id or file."""
    path = Path(target)
    if not path.exists():
        for kind, sub in (("negotiation", "negotiations"), ("scenario", "scenarios")):
            cand = _library_dir(sub) / f"{target}.yaml"
            if cand.exists():
                return kind, cand, True
        raise InputError(
            f"no scenario or negotiation {target!r}",
            Location(field="--to"),
            "give a file or a library id (e.g. europe-2025, peace-plan-2025)",
        )
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid YAML: {exc}", Location(str(path))) from None
    if not isinstance(doc, dict):
        raise InputError("expected a scenario or negotiation (a YAML mapping)", Location(str(path)))
    lib = Path(str(resources.files("foedus.library"))).resolve()
    is_lib = lib in path.resolve().parents
    if "issues" in doc and "actors" in doc:
        return "negotiation", path, is_lib
    if "as_of" in doc and "id" in doc:
        return "scenario", path, is_lib
    raise InputError(
        "neither a scenario (id, as_of) nor a negotiation (issues, actors)",
        Location(str(path)),
        "see docs/formats.md and docs/negotiation.md",
    )


def _dump(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def _quote(article: dict[str, Any], span: list[int]) -> str:
    for q in article.get("quotes", []):
        if q["span"][0] >= span[0] and q["span"][1] <= span[1]:
            return q["text"]
    return ""


#: a stance or event below this confidence changes nothing unless the user asks (`--min-confidence`)
MIN_CONFIDENCE = 0.5


def plan_negotiation(
    evidence: list[dict[str, Any]], path: Path, is_lib: bool, out: Path | None, min_confidence: float = MIN_CONFIDENCE
) -> Plan:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    new = copy.deepcopy(doc)
    default_out = Path(f"{doc.get('name', path.stem)}-evidence.yaml") if is_lib else path
    plan = Plan("negotiation", str(path), out or default_out)
    issues = {i["id"]: i for i in new["issues"]}
    actors = {a["id"]: a for a in new["actors"]}
    for art in evidence:
        for st in art["stances"]:
            span, name = st["evidence"], art["article"]
            where = f"{st['actor']}.{st['issue']}"
            if st["issue"] not in issues:
                plan.changes.append(Change.skip(where, name, span, st["direction"], "issue is not in this negotiation"))
                continue
            if st["actor"] not in actors:
                plan.changes.append(Change.skip(where, name, span, st["direction"], "actor is not at this table"))
                continue
            confidence = st.get("confidence")
            if isinstance(confidence, int | float) and confidence < min_confidence:
                plan.changes.append(
                    Change.skip(
                        where,
                        name,
                        span,
                        st["direction"],
                        f"confidence {confidence} below --min-confidence {min_confidence}",
                    )
                )
                continue
            if st.get("position") is None:
                plan.changes.append(
                    Change.skip(
                        where,
                        name,
                        span,
                        st["direction"],
                        f"direction only ({st['direction']}), no position on the scale",
                    )
                )
                continue
            cell = actors[st["actor"]].setdefault("positions", {}).setdefault(st["issue"], {})
            before = cell.get("position")
            after = st["position"]
            if before == after:
                plan.changes.append(
                    Change("skip", where, before, after, name, span, st["direction"], "position already there")
                )
                continue
            cell["position"] = after
            cell.setdefault("salience", 50)
            cell["source"] = f"evidence: {name} chars {span[0]}-{span[1]}"
            quote = _quote(art, span)
            cell["note"] = (
                f"moved from {before} by foedus apply ({st['direction']}, confidence "
                f"{st.get('confidence')})" + (f"; quote: {quote[:160]}" if quote else "")
            )
            plan.changes.append(Change("move-position", where, before, after, name, span, quote or st["direction"]))
    plan.before_text, plan.after_text = _dump(doc), _dump(new)
    return plan


def plan_scenario(
    evidence: list[dict[str, Any]], path: Path, is_lib: bool, out: Path | None, min_confidence: float = MIN_CONFIDENCE
) -> Plan:
    from foedus.model.incident import Incident
    from foedus.model.library import Library

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if is_lib:
        new: dict[str, Any] = {
            "id": f"{doc['id']}-evidence",
            "title": f"{doc['title']} + evidence from the news",
            "as_of": doc["as_of"],
            "extends": doc["id"],
            "history": [],
        }
        base_deployments: Any = doc.get("deployments", [])
        default_out = Path(f"{doc['id']}-evidence.yaml")
        before_doc: dict[str, Any] = {}
    else:
        new = copy.deepcopy(doc)
        base_deployments = new.get("deployments", [])
        default_out = path
        before_doc = doc
    plan = Plan("scenario", str(path), out or default_out)
    deployments = list(Library().deployments)
    existing = {h if isinstance(h, str) else h.get("id") for h in new.get("history", [])}
    for art in evidence:
        name = art["article"]
        for ev in art["events"]:
            span = ev["span"]
            confidence = ev.get("confidence")
            low = isinstance(confidence, int | float) and confidence < min_confidence
            if low and ev["kind"] in ("incident", "deployment"):
                where = "history" if ev["kind"] == "incident" else "deployments"
                why = f"confidence {confidence} below --min-confidence {min_confidence}"
                plan.changes.append(Change.skip(where, name, span, ev["summary"], why))
                continue
            if ev["kind"] == "incident":
                inc = ev.get("incident")
                if not inc:
                    plan.changes.append(
                        Change.skip("history", name, span, ev["summary"], "incident without attacker and target states")
                    )
                    continue
                data = {k: v for k, v in inc.items() if v is not None}
                data.setdefault("date", art.get("date") or str(doc["as_of"]))
                data["id"] = data["id"].replace("undated", str(data["date"]))
                data["sources"] = [
                    {
                        "title": f"evidence: {name}",
                        "note": f"chars {span[0]}-{span[1]}: {ev['summary'][:200]}",
                        "confidence": "reported",
                    }
                ]
                data["confidence"] = "reported"
                try:
                    Incident.model_validate(data)
                except Exception as exc:  # pydantic ValidationError: report, do not apply
                    plan.changes.append(
                        Change.skip(
                            "history", name, span, ev["summary"], f"not a valid incident: {str(exc).splitlines()[0]}"
                        )
                    )
                    continue
                if data["id"] in existing:
                    plan.changes.append(
                        Change(
                            "skip",
                            "history",
                            None,
                            data["id"],
                            name,
                            span,
                            ev["summary"],
                            "incident already in the scenario",
                        )
                    )
                    continue
                existing.add(data["id"])
                new.setdefault("history", []).append(data)
                plan.changes.append(Change("add-incident", "history", None, data["id"], name, span, ev["summary"]))
            elif ev["kind"] == "deployment" and ev["actors"]:
                agent, others = ev["actors"][0], ev["actors"][1:]
                match = [d for d in deployments if d.actor == agent and d.host in others]
                if not match:
                    plan.changes.append(
                        Change.skip(
                            "deployments",
                            name,
                            span,
                            ev["summary"],
                            "no library deployment matches (the scenario format refers to library deployments by id)",
                        )
                    )
                    continue
                if base_deployments == "all":
                    plan.changes.append(
                        Change(
                            "skip",
                            "deployments",
                            None,
                            match[0].id,
                            name,
                            span,
                            ev["summary"],
                            "scenario already includes all deployments",
                        )
                    )
                    continue
                dep_list = new.setdefault("deployments", [])
                if match[0].id in dep_list or (
                    isinstance(base_deployments, list) and match[0].id in base_deployments and is_lib
                ):
                    plan.changes.append(
                        Change(
                            "skip",
                            "deployments",
                            None,
                            match[0].id,
                            name,
                            span,
                            ev["summary"],
                            "deployment already in the scenario",
                        )
                    )
                    continue
                dep_list.append(match[0].id)
                plan.changes.append(
                    Change("add-deployment", "deployments", None, match[0].id, name, span, ev["summary"])
                )
    notes = sorted({f"{c.article} chars {c.span[0]}-{c.span[1]}" for c in plan.applicable})
    if notes:
        new["notes"] = (
            (new.get("notes") or "") + " Changes applied by `foedus apply` from: " + "; ".join(notes)
        ).strip()
    if not new.get("history"):
        new.pop("history", None)
    plan.before_text, plan.after_text = (_dump(before_doc) if before_doc else ""), _dump(new)
    return plan


def plan_changes(
    evidence: list[dict[str, Any]], target: str, out: Path | None = None, min_confidence: float = MIN_CONFIDENCE
) -> Plan:
    """The changes the evidence implies for a scenario or negotiation; stances whose confidence is
    below `min_confidence` move no position, and incidents and deployments below it are not added
    (they are listed as skipped)."""
    if not 0 <= min_confidence <= 1:
        raise InputError(
            f"--min-confidence must be between 0 and 1, got {min_confidence}", Location(field="--min-confidence")
        )
    kind, path, is_lib = resolve_target(target)
    if out is not None:
        lib = Path(str(resources.files("foedus.library"))).resolve()
        if lib in out.resolve().parents:
            raise InputError(
                "refusing to write into the bundled library",
                Location(str(out), field="--out"),
                "write to a file of your own",
            )
    elif is_lib:
        pass  # a new file in the working directory
    if kind == "negotiation":
        return plan_negotiation(evidence, path, is_lib, out, min_confidence)
    return plan_scenario(evidence, path, is_lib, out, min_confidence)


def write(plan: Plan) -> Path:
    plan.out.write_text(plan.after_text, encoding="utf-8")
    if plan.kind == "scenario":
        from foedus.engine.world import assemble

        assemble(str(plan.out))  # check that the scenario still assembles
    else:
        from foedus.negotiation.readers import read_yaml

        read_yaml(plan.out)
    return plan.out
