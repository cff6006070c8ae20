"""Where to refer a case: directory services ranked by fit, each score explained.

Factors (points in ``data/recommendation_weights.json``): the service offers the service type
asked for (required); country and distance; the exploitation types it handles; the person's
languages; the populations it serves and its age range; capacity; verification; and history:
how the earlier referrals from the user's organisation to that organisation went (accepted,
completed, time to answer). A pure function of its inputs (``rank``) does the scoring, so it
is tested without a database; ``recommend`` gathers the inputs.
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from tipnet.codelists import services as codelists
from tipnet.directory import services as directory
from tipnet.directory.models import Counterpart, Service

from .models import Referral

WEIGHTS_FILE = Path(__file__).parent / "data" / "recommendation_weights.json"
CHILD_POPULATIONS = {"Children", "UnaccompaniedChildren"}
GENDER_POPULATION = {"Feminine": "Women", "TransgenderFeminine": "Women",
                     "Masculine": "Men", "TransgenderMasculine": "Men"}


@cache
def weights() -> dict[str, Any]:
    return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Need:
    """What the case needs, in the terms the directory uses."""

    service_type: str
    country: str = ""  # where the person is now
    languages: tuple[str, ...] = ()
    exploitation_types: tuple[str, ...] = ()
    age: int | None = None
    gender: str = ""
    migrant: bool = False
    origin: tuple[float, float] | None = None  # the referring organisation's location


@dataclass(frozen=True)
class History:
    referrals: int = 0
    accepted: int = 0
    completed: int = 0
    median_answer_hours: float | None = None


@dataclass
class Factor:
    name: str
    points: float
    why: str


@dataclass
class Recommendation:
    service: Any
    score: float = 0.0
    factors: list[Factor] = field(default_factory=list)

    def add(self, name: str, points: float, why: str) -> None:
        self.factors.append(Factor(name, round(points, 1), why))
        self.score = round(self.score + points, 1)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _countries(service: Any) -> set[str]:
    out = {service.counterpart.country.code} if service.counterpart.country else set()
    out |= {loc.country.code for loc in service.locations.all() if loc.country}
    for area in service.areas.all():
        out |= set(area.countries)
    return out


def _label(listname: str, codes: Any) -> str:
    return ", ".join(codelists.label(listname, c) for c in codes)


def score(service: Any, need: Need, history: History | None) -> Recommendation:
    w = weights()
    rec = Recommendation(service=service)
    # Geography
    countries = _countries(service)
    if need.country and need.country in countries:
        rec.add("geography", w["geography"]["same_country"],
                f"works in {codelists.label('country', need.country)}, where the person is")
    elif need.country:
        rec.add("geography", w["geography"]["other_country"],
                f"does not work in {codelists.label('country', need.country)}")
    points = [(loc.latitude, loc.longitude) for loc in service.locations.all()
              if loc.latitude is not None and loc.longitude is not None]
    if need.origin and points:
        km = min(distance_km(need.origin, p) for p in points)
        near = w["geography"]["near_km"]
        rec.add("distance", w["geography"]["near_max"] * max(0.0, 1 - km / near),
                f"{km:,.0f} km from your organisation")
    # Exploitation types handled
    handled = set(service.exploitation_types)
    wanted = set(need.exploitation_types)
    if wanted and handled & wanted:
        rec.add("exploitation", w["exploitation"]["handles"],
                f"handles {_label('exploitation_type', sorted(handled & wanted))}")
    elif not handled:
        rec.add("exploitation", w["exploitation"]["unspecified"],
                "does not say which types of exploitation it handles")
    elif wanted:
        rec.add("exploitation", w["exploitation"]["other"],
                f"handles {_label('exploitation_type', sorted(handled))}, not this one")
    # Languages
    spoken = set(service.languages)
    if not need.languages:
        rec.add("language", w["language"]["person_unknown"], "the person's languages are "
                                                             "not recorded")
    elif spoken & set(need.languages):
        rec.add("language", w["language"]["speaks"],
                f"speaks {_label('language', sorted(spoken & set(need.languages)))}")
    elif not spoken:
        rec.add("language", w["language"]["unspecified"], "does not list its languages")
    else:
        rec.add("language", w["language"]["none"],
                "speaks none of the person's languages (an interpreter is needed)")
    # Populations and age
    populations = set(service.populations)
    child = need.age is not None and need.age < 18
    fits, misses = [], []
    if child:
        (fits if populations & CHILD_POPULATIONS else misses).append("Children")
    gendered = GENDER_POPULATION.get(need.gender)
    if gendered and {"Women", "Men"} & populations:
        (fits if gendered in populations else misses).append(gendered)
    if need.migrant and "Migrants" in populations:
        fits.append("Migrants")
    if not populations:
        rec.add("population", w["population"]["unspecified"], "serves anyone (no population "
                                                                "named)")
    elif misses:
        rec.add("population", w["population"]["mismatch"],
                f"serves {_label('population_served', sorted(populations))}, not "
                f"{_label('population_served', misses)}")
    elif fits:
        rec.add("population", w["population"]["match"],
                f"serves {_label('population_served', fits)}")
    if need.age is not None and (
            (service.minimum_age is not None and need.age < service.minimum_age)
            or (service.maximum_age is not None and need.age > service.maximum_age)):
        rec.add("age", w["age"]["outside_range"],
                f"takes ages {service.minimum_age or 0}–{service.maximum_age or '…'} only")
    # Capacity
    if service.capacity is not None:
        if service.capacity > 0:
            rec.add("capacity", w["capacity"]["places"], f"{service.capacity} places")
        else:
            rec.add("capacity", w["capacity"]["full"], "no places now")
    # Verification
    status = service.counterpart.verification
    rec.add("verification", w["verification"].get(status, 0),
            f"{codelists.label('verification_status', status).lower()}"
            + (f", last checked {service.counterpart.verified_on}"
               if service.counterpart.verified_on else ""))
    # On tipnet: can be referred to directly
    if service.counterpart.tenant_id:
        rec.add("on_tipnet", w["on_tipnet"], "on this tipnet: referrals go straight to them")
    # History
    h = w["history"]
    if history and history.referrals >= h["minimum_referrals"]:
        accepted = history.accepted / history.referrals
        completed = history.completed / history.referrals
        rec.add("history", h["accepted_rate_max"] * accepted + h["completed_rate_max"] * completed,
                f"{history.accepted} of {history.referrals} earlier referrals accepted, "
                f"{history.completed} completed")
        if history.median_answer_hours is not None:
            slow = history.median_answer_hours > h["slow_hours"]
            rec.add("response", h["slow"] if slow else 0,
                    f"answers in {history.median_answer_hours:.0f} h (median)")
    elif service.counterpart.tenant_id:
        rec.add("history", 0, "no earlier referrals from your organisation")
    return rec


def rank(services: list[Any], need: Need, histories: dict[Any, History],
         limit: int = 10) -> list[Recommendation]:
    """Services offering the need's service type, best first (ties: by name)."""
    recs = [score(s, need, histories.get(s.counterpart.tenant_id)
                  if s.counterpart.tenant_id else None)
            for s in services if need.service_type in s.service_types]
    recs.sort(key=lambda r: (-r.score, r.service.counterpart.name, r.service.name))
    return recs[:limit]


# -- gathering the inputs ------------------------------------------------------------------

def need_for(case: Any, service_type: str, organisation: Any) -> Need:
    person = case.person
    moves = list(case.movements.all())
    where = case.country.code if case.country else ""
    if moves and moves[-1].to_country:
        where = moves[-1].to_country.code
    origin = None
    mine = Counterpart.objects.filter(tenant=organisation).prefetch_related("locations").first()
    if mine is not None:
        located = [(loc.latitude, loc.longitude) for loc in mine.locations.all()
                   if loc.latitude is not None and loc.longitude is not None]
        origin = located[0] if located else None
    return Need(service_type=service_type, country=where,
                languages=tuple(person.languages), age=person.age,
                exploitation_types=tuple(case.exploitation_types), gender=person.gender,
                migrant=bool(where and person.citizenship and where not in person.citizenship),
                origin=origin)


def histories(from_organisation_id: int) -> dict[int, History]:
    """For each organisation referred to before, how those referrals went."""
    rows: dict[int, list[Referral]] = {}
    for r in Referral.objects.filter(from_organisation_id=from_organisation_id,
                                     to_organisation__isnull=False).only(
            "to_organisation_id", "status", "sent_at", "answered_at"):
        rows.setdefault(r.to_organisation_id, []).append(r)
    out = {}
    for org_id, refs in rows.items():
        answers = [(r.answered_at - r.sent_at).total_seconds() / 3600
                   for r in refs if r.answered_at]
        out[org_id] = History(
            referrals=len(refs),
            accepted=sum(r.status in ("accepted", "completed") for r in refs),
            completed=sum(r.status == "completed" for r in refs),
            median_answer_hours=statistics.median(answers) if answers else None)
    return out


def recommend(case: Any, service_type: str, organisation: Any,
              limit: int = 10) -> list[Recommendation]:
    """Recommendations for a case the caller has already opened (access is checked there)."""
    candidates: QuerySet[Service] | list[Service] = directory.search(
        {"service_type": service_type}, limit=2000)
    candidates = [s for s in candidates if s.counterpart.tenant_id != organisation.pk]
    return rank(candidates, need_for(case, service_type, organisation),
                histories(organisation.pk), limit)
