"""Closed vocabularies of the domain: incident kinds, zones, responses, statuses.

Kept as plain tuples so that the condition type checker, the pydantic models and the JSON Schema
all draw on one list.
"""

from __future__ import annotations

from typing import Literal, get_args

IncidentKind = Literal[
    "armed-attack",
    "missile-strike",
    "air-strike",
    "shelling",
    "ground-incursion",
    "air-incursion",
    "drone-incursion",
    "naval-incident",
    "cyberattack",
    "sabotage",
    "terrorist-attack",
    "chemical-attack",
    "nuclear-use",
    "hybrid-attack",
    "space-attack",
    "threat",
]
Where = Literal[
    "territory",
    "airspace",
    "territorial-waters",
    "eez",
    "forces-abroad",
    "vessels-or-aircraft",
    "international-waters",
]
Determination = Literal["affirmed", "conditional", "rejected", "none"]
Confidence = Literal["quoted", "sourced", "reported", "estimate", "unverified", "hypothetical"]
ClauseKind = Literal[
    "collective-defence",
    "assistance",
    "consultation",
    "non-aggression",
    "non-enlargement",
    "neutrality",
    "deployment-limit",
    "force-cap",
    "sanctions-snapback",
    "monitoring",
    "void-condition",
    "security-assurance",
    "un-referral",
]
Response = Literal[
    "automatic-military-assistance",
    "all-means-assistance",
    "assistance-as-deemed-necessary",
    "military-assistance",
    "security-assistance",
    "non-military-assistance",
    "consultation",
    "un-referral",
    "sanctions",
    "sanctions-snapback",
    "monitoring",
    "report-to-unsc",
    "revocation-of-benefits",
    "guarantee-void",
    "refrain",
]
Timing = Literal["forthwith", "without-delay", "immediately", "within-deadline", "none"]
InstrumentKind = Literal[
    "treaty", "executive-agreement", "memorandum", "declaration", "draft-plan", "side-deal"
]
InstrumentStatus = Literal["in-force", "signed", "draft", "proposed", "rumoured", "lapsed"]
LegalForce = Literal["binding", "political"]
Status = Literal["applies", "not-applicable", "excluded", "voided"]

INCIDENT_KINDS: tuple[str, ...] = get_args(IncidentKind)
WHERES: tuple[str, ...] = get_args(Where)
DETERMINATIONS: tuple[str, ...] = get_args(Determination)
RESPONSES: tuple[str, ...] = get_args(Response)

#: Protection strength (0..5) of a response, for a binding obligation. Documented in docs/formats.md.
RESPONSE_STRENGTH: dict[str, int] = {
    "automatic-military-assistance": 5,
    "all-means-assistance": 4,
    "assistance-as-deemed-necessary": 4,
    "military-assistance": 4,
    "security-assistance": 2,
    "non-military-assistance": 2,
    "consultation": 1,
    "un-referral": 1,
    "sanctions": 1,
    "sanctions-snapback": 1,
    "monitoring": 1,
    "report-to-unsc": 0,
    "revocation-of-benefits": 0,
    "guarantee-void": 0,
    "refrain": 0,
}
ASSISTANCE_RESPONSES = frozenset(
    {
        "automatic-military-assistance",
        "all-means-assistance",
        "assistance-as-deemed-necessary",
        "military-assistance",
    }
)


def strength(response: str, binding: bool) -> int:
    """Protection strength of one obligation: political assistance counts one level lower."""
    base = RESPONSE_STRENGTH[response]
    if not binding and response in ASSISTANCE_RESPONSES:
        return max(base - 1, 1)
    return base
