"""Synthetic cases in the shape ``tipnet.cases.services.create_case`` takes.

Everything is drawn from one ``random.Random``, so a seed gives the same cases every time
(dates are counted back from the day given). Some recruiters recur across cases, with the
same name and phone number, so that the demo has networks for search and linkage to find.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from .people import PERPETRATOR_ALIASES, FakeIdentities
from .scenarios import (
    CLOSURE_REASONS,
    COMMENTS,
    GULF,
    PROFILES,
    REFERRAL_CLOSURES,
    ROUTES,
    Hop,
    OrgSpec,
    Profile,
    Route,
)

GULF_COUNTRIES = {cc for cc, _ in GULF}
ONLINE_RECRUITMENT = {"ThroughOnlineSocialNetworks", "ThroughAnOnlineAdvertisement"}
VULNERABILITY_NOTES = {
    "NP": ("Family home destroyed in the 2015 earthquake; family in debt since.",
           "Left school after grade 8 to look after younger siblings.",
           "Husband working abroad, no contact for two years."),
    "BD": ("Family displaced by river erosion.", "Father's loan from a moneylender unpaid."),
    "IN": ("Family land lost; parents migrate for seasonal work.",
           "Dropped out of school during the pandemic."),
}
RELATIONS = {"Familial": ("an uncle", "a cousin", "her brother-in-law", "an aunt"),
             "Acquainted": ("a neighbour", "a friend", "someone from the village"),
             "Unaquainted": ("a stranger", "an agent")}
EMPLOYER_ALIASES = ("Madam", "Baba", "Arbab", "Kafeel", "Mama", "Sir")


@dataclass
class DemoCase:
    """One case to create, and what happens to it afterwards."""

    org_key: str
    profile: str
    data: dict[str, Any]
    decision: tuple[str, str] | None = None        # (trafficking_status, decided_by)
    comments: list[str] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)


class CaseFactory:
    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self.ids = FakeIdentities(rng)
        self._networks: dict[str, list[dict[str, Any]]] = {}

    # --- helpers ---------------------------------------------------------------------
    def _sample(self, pool: tuple[str, ...], lo: int, hi: int) -> list[str]:
        pool = tuple(p for p in pool if p)
        if not pool:
            return []
        k = min(len(pool), self.rng.randint(lo, hi))
        return self.rng.sample(pool, k)

    def _weighted(self, weights: dict[str, int]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def _network(self, profile_key: str, profile: Profile) -> list[dict[str, Any]]:
        """Recruiters who turn up again and again in one corridor (same name, same phone)."""
        if profile_key not in self._networks:
            members = []
            for _ in range(3):
                nationality = profile.perpetrator_nationality[0] \
                    if profile.perpetrator_nationality else profile.nationality
                gender = "Masculine" if self.rng.random() < 0.75 else "Feminine"
                members.append({"name": self.ids.full_name(nationality, gender),
                                "alias": self.rng.choice(PERPETRATOR_ALIASES),
                                "gender": gender, "nationality": nationality,
                                "phone": self.ids.phone()})
            self._networks[profile_key] = members
        return self._networks[profile_key]

    # --- one case --------------------------------------------------------------------
    def build(self, org: OrgSpec) -> DemoCase:
        rng = self.rng
        key = self._weighted(org.profiles)
        profile = PROFILES[key]
        route = rng.choice(ROUTES[key])

        child = rng.random() < profile.child_share
        if child:
            lo = min(profile.age[0], 13)
            age = rng.randint(lo, min(17, profile.age[1]) if profile.age[1] < 18 else 17)
        else:
            age = rng.randint(max(18, profile.age[0]), max(18, profile.age[1]))
        gender = "Feminine" if rng.random() < profile.feminine else "Masculine"
        if rng.random() < 0.01:
            gender = "NonSpecifiedUnknown"

        identified_on = self.today - dt.timedelta(days=int(rng.triangular(2, 1000, 30)))
        intercepted = bool(profile.extra.get("intercepted"))
        months = 0 if intercepted else rng.randint(1, 24)
        movements, facts = self._movements(route, identified_on, months)
        recruited_on = facts["recruited_on"]

        nationality = profile.nationality
        given = self.ids.given_name(nationality, gender)
        family = self.ids.family_name(nationality)
        person: dict[str, Any] = {
            "given_name": given, "family_name": family, "gender": gender,
            "citizenship": [nationality],
            "languages": self._sample(profile.languages, 1, len(profile.languages) or 1),
            "education_level": rng.choice(profile.education),
        }
        birth = recruited_on - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        age_now = (identified_on - birth).days // 365
        if rng.random() < 0.6:
            person["birth_date"] = birth.isoformat()
            person["age_basis"] = rng.choice(("document", "birth_date"))
        else:
            person["estimated_age"] = age_now
            person["age_basis"] = rng.choice(("estimated", "self_declared"))
        if "ForcedMarriage" in profile.exploitation:
            person["marital_status"] = "Married"
        elif age_now < 18:
            person["marital_status"] = "Single"
        else:
            person["marital_status"] = rng.choices(
                ("Single", "Married", "Separated", "Divorced", "Widowed"),
                weights=(45, 35, 8, 7, 5))[0]

        exploitation = list(profile.exploitation)
        for extra in profile.exploitation_extra:
            if rng.random() < (0.8 if extra == "ChildLabour" and age < 18 else 0.25):
                exploitation.append(extra)
        if age < 18 and "ChildLabour" in profile.exploitation_extra \
                and "ChildLabour" not in exploitation:
            exploitation.append("ChildLabour")
        recruitment = self._sample(profile.recruitment, 1, 2)
        online = bool(ONLINE_RECRUITMENT & set(recruitment))
        methods = self._sample(profile.methods, 2, 5)
        relationship = rng.choice(profile.relationships)

        data: dict[str, Any] = {
            "person": person,
            "country": org.country,
            "identified_on": identified_on.isoformat(),
            "exploitation_types": exploitation,
            "sex_exploitation_types": self._sample(profile.sex_types, 1, 2)
            if "SexualExploitation" in exploitation else [],
            "methods_of_control": methods,
            "recruitment_methods": recruitment,
            "recruitment_websites": self._sample(profile.websites, 1, 2) if online
            or rng.random() < 0.2 else [],
            "industry": rng.choice(profile.industries) if profile.industries else "",
            "vulnerabilities": self._sample(profile.vulnerabilities, 1, 3),
            "relationship_to_trafficker": relationship,
            "age_when_trafficked": age,
            "agreement_to_manage_data": rng.random() < 0.92,
            "movements": movements,
        }
        if "SexualExploitation" in exploitation and profile.websites and rng.random() < 0.3:
            data["exploitation_websites"] = self._sample(profile.websites, 1, 1)
        notes = VULNERABILITY_NOTES.get(nationality)
        if notes and rng.random() < 0.3:
            data["vulnerability_details"] = rng.choice(notes)

        data["narrative"] = self._narrative(profile, given, relationship, facts, months)
        status = rng.choices(("Active", "FollowUp", "Closed", "ClosedReferred"),
                             weights=(55, 20, 15, 10))[0]
        data["status"] = status
        if status == "Closed":
            data["closure_reason"] = rng.choice(CLOSURE_REASONS)
        elif status == "ClosedReferred":
            data["closure_reason"] = rng.choice(REFERRAL_CLOSURES)

        sexual = "SexualExploitation" in exploitation
        data["aliases"] = list(dict.fromkeys(
            self.ids.alias(nationality, given, sexual) for _ in range(rng.choice((0, 0, 1, 1, 2)))))
        contacts, perpetrators = self._people(key, profile, given, family, facts)
        data["contacts"] = contacts
        data["perpetrators"] = perpetrators
        data["documents"] = self._documents(profile, nationality, methods, facts)

        case = DemoCase(org_key=org.key, profile=key, data=data)
        if rng.random() < 0.45:
            status_code = rng.choices(("PossibleVictimOfTrafficking",
                                       "ActualVictimOfTrafficking", "NotAVictimOfTrafficking"),
                                      weights=(50, 42, 8))[0]
            case.decision = (status_code, org.decided_by)
        if rng.random() < 0.3:
            case.comments = rng.sample(COMMENTS, rng.randint(1, 3))
        case.consents = self._consents(data, age_now, nationality, identified_on)
        return case

    def _movements(self, route: Route, identified_on: dt.date,
                   months: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        rng = self.rng
        country, place = rng.choice(route.origin)
        legs = []
        crossing = ""
        sea_days = 0
        for hop in route.hops:
            to_country, to_place = self._destination(hop, country)
            border = rng.choice(hop.crossings) if hop.crossings else ""
            if border and not crossing and "Airport" not in border:
                crossing = border
            days = rng.randint(*hop.days)
            if "boat" in hop.transport and days > sea_days:
                sea_days = days
            legs.append({"hop": hop, "from": (country, place), "to": (to_country, to_place),
                         "transport": rng.choice(hop.transport), "border": border,
                         "days": days})
            country, place = to_country, to_place
        travel = sum(leg["days"] + 2 for leg in legs)
        start = identified_on - dt.timedelta(days=months * 30 + travel + rng.randint(1, 20))
        recruited_on = start
        movements = []
        t = start
        for i, leg in enumerate(legs, start=1):
            departed = t
            arrived = min(departed + dt.timedelta(days=leg["days"]), identified_on)
            movements.append({
                "sequence": i, "stage": leg["hop"].stage,
                "from_country": leg["from"][0], "from_place": leg["from"][1],
                "to_country": leg["to"][0], "to_place": leg["to"][1],
                "transport": leg["transport"], "border_crossing": leg["border"],
                "departed_on": departed.isoformat(), "arrived_on": arrived.isoformat(),
            })
            t = arrived + dt.timedelta(days=rng.randint(0, 2))
        final = legs[-1]["to"] if legs else (country, place)
        exploit_place = final[1]
        city = exploit_place.rsplit(", ", 1)[-1]
        facts = {"recruited_on": recruited_on, "crossing": crossing or "the border",
                 "city": city, "place_kind": exploit_place.split(",")[0],
                 "final_country": final[0], "sea_days": sea_days or 10,
                 "air": any(leg["transport"] == "air" for leg in legs),
                 "countries": {leg["to"][0] for leg in legs}}
        return movements, facts

    def _destination(self, hop: Hop, country: str) -> tuple[str, str]:
        if isinstance(hop.dest, dict):
            options = hop.dest.get(country) or next(iter(hop.dest.values()))
            cc = country if country in hop.dest else next(iter(hop.dest))
            return cc, self.rng.choice(options)
        return self.rng.choice(hop.dest)

    def _narrative(self, profile: Profile, given: str, relationship: str,
                   facts: dict[str, Any], months: int) -> str:
        rng = self.rng
        values = {
            "given": given, "relation": rng.choice(RELATIONS.get(relationship, ("someone",))),
            "city": facts["city"], "job": rng.choice(profile.jobs),
            "salary": rng.choice((250, 300, 350, 400, 450)), "crossing": facts["crossing"],
            "hours": rng.randint(14, 18), "paid": rng.randint(0, max(0, months // 2)),
            "months": months, "fee": f"{rng.randrange(150_000, 600_000, 5_000):,}",
            "place_kind": facts["place_kind"], "sea_days": facts["sea_days"],
            "debt": f"{rng.randrange(25_000, 50_000, 1_000):,}",
        }
        return profile.narrative.format_map(values) if profile.narrative else ""

    def _people(self, key: str, profile: Profile, given: str, family: str,
                facts: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng = self.rng
        contacts: list[dict[str, Any]] = []
        if rng.random() < 0.7:
            contacts.append({"kind": "phone", "value": self.ids.phone(),
                             "safe_to_contact": rng.random() < 0.6,
                             "notes": rng.choice(("Own number.", "Own number; call only in "
                                                  "the evening.", "New SIM after return.",
                                                  ""))})
        if rng.random() < 0.5:
            contacts.append({"kind": "phone", "value": self.ids.phone(), "safe_to_contact": True,
                             "notes": rng.choice(("Mother's number; safe to contact.",
                                                  "Sister's number.", "Husband's number.",
                                                  "Neighbour who passes on messages."))})
        if rng.random() < 0.3:
            contacts.append({"kind": "messaging",
                             "value": f"{rng.choice(('WhatsApp', 'Viber', 'IMO'))} "
                                      f"{self.ids.phone()}",
                             "safe_to_contact": rng.random() < 0.5})
        if rng.random() < (0.35 if "BachelorsOrEquivalentLevel" in profile.education else 0.1):
            contacts.append({"kind": "email", "value": self.ids.email(given, family),
                             "safe_to_contact": True})

        perpetrators: list[dict[str, Any]] = []
        network = self._network(key, profile)
        for i, roles in enumerate(profile.perpetrators):
            if i > 0 and rng.random() < 0.35:
                continue
            employer_abroad = ("Exploiter" in roles and facts["final_country"] in GULF_COUNTRIES)
            if i == 0 and rng.random() < 0.35:
                member = rng.choice(network)
                perpetrators.append({"name": member["name"], "alias": member["alias"],
                                     "gender": member["gender"],
                                     "nationality": member["nationality"], "roles": list(roles),
                                     "role_details": "Known to have recruited others from "
                                                     "the same area."})
                contacts.append({"kind": "phone", "value": member["phone"],
                                 "safe_to_contact": False,
                                 "notes": "Recruiter's number, as given by the person. Do "
                                          "not call."})
                continue
            if employer_abroad:
                perpetrators.append({"name": "", "alias": rng.choice(EMPLOYER_ALIASES),
                                     "gender": rng.choice(("Feminine", "Masculine")),
                                     "nationality": facts["final_country"],
                                     "roles": list(roles)})
                continue
            nationality = rng.choice(profile.perpetrator_nationality or (profile.nationality,))
            if ("Exploiter" in roles or "BoughtIndividual" in roles) \
                    and facts["final_country"] in profile.perpetrator_nationality:
                nationality = facts["final_country"]
            gender = "Masculine" if rng.random() < 0.75 else "Feminine"
            perpetrators.append({
                "name": self.ids.full_name(nationality, gender),
                "alias": rng.choice(PERPETRATOR_ALIASES) if rng.random() < 0.5 else "",
                "gender": gender, "nationality": nationality, "roles": list(roles)})
        return contacts, perpetrators

    def _documents(self, profile: Profile, nationality: str, methods: list[str],
                   facts: dict[str, Any]) -> list[dict[str, Any]]:
        rng = self.rng
        docs = []
        if profile.passport and (facts["air"] or rng.random() < 0.5):
            expiry = facts["recruited_on"] + dt.timedelta(days=rng.randint(365, 3650))
            docs.append({"kind": "passport", "issuing_country": nationality,
                         "number": self.ids.document_number("passport", nationality),
                         "expiry_date": expiry.isoformat(),
                         "held_by_other": "WithholdsDocuments" in methods})
            if facts["final_country"] in GULF_COUNTRIES and rng.random() < 0.5:
                docs.append({"kind": "visa", "issuing_country": facts["final_country"],
                             "number": self.ids.document_number("visa", nationality)})
            if facts["final_country"] == "MY" and rng.random() < 0.4:
                docs.append({"kind": "work_permit", "issuing_country": "MY",
                             "number": self.ids.document_number("work_permit", nationality),
                             "held_by_other": "WithholdsDocuments" in methods})
        if nationality in ("NP", "IN", "BD") and rng.random() < 0.4:
            docs.append({"kind": "national_id", "issuing_country": nationality,
                         "number": self.ids.document_number("national_id", nationality)})
        return docs

    def _consents(self, data: dict[str, Any], age_now: int, nationality: str,
                  identified_on: dt.date) -> list[dict[str, Any]]:
        rng = self.rng
        child = age_now < 18
        given_by = "guardian" if child else "person"
        guardian = self.ids.full_name(nationality, rng.choice(("Feminine", "Masculine"))) \
            if child else ""
        at = dt.datetime.combine(identified_on, dt.time(rng.randint(8, 17), rng.randint(0, 59)))
        latest = dt.datetime.combine(self.today - dt.timedelta(days=1), dt.time(12))
        out = [{"scope": "data_processing", "given": bool(data["agreement_to_manage_data"]),
                "given_by": given_by, "given_by_name": guardian, "given_at": at}]
        if rng.random() < 0.6:
            out.append({"scope": "share_with_organisations", "given": rng.random() < 0.75,
                        "given_by": given_by, "given_by_name": guardian,
                        "given_at": min(at + dt.timedelta(days=rng.randint(0, 10)), latest)})
        if rng.random() < 0.5:
            out.append({"scope": "services", "given": True, "given_by": given_by,
                        "given_by_name": guardian, "given_at": at})
        if rng.random() < 0.25:
            out.append({"scope": "contact", "given": rng.random() < 0.8, "given_by": given_by,
                        "given_by_name": guardian, "given_at": at})
        return out
