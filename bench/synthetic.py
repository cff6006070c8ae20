"""Fast, deterministic synthetic cases for benchmarks (clearly fake names)."""

from __future__ import annotations

import random

GIVEN = ["Asha", "Bina", "Chen", "Dara", "Esi", "Farah", "Gita", "Hana", "Ines", "Joy", "Kiri",
         "Lina", "Mira", "Nia", "Omar", "Priya", "Rafi", "Sita", "Tomas", "Uma", "Vera", "Wen",
         "Yusuf", "Zara"]
FAMILY_ROOTS = ["Tamang", "Khan", "Okafor", "Rahman", "Silva", "Nguyen", "Popescu", "Mensah",
                "Reyes", "Bekele", "Haddad", "Sharma", "Ivanova", "Dlamini", "Costa", "Ali"]
ROUTES = [("NP", "IN", "Kathmandu", "Delhi"), ("BD", "MY", "Dhaka", "Kuala Lumpur"),
          ("NG", "LY", "Benin City", "Tripoli"), ("LY", "IT", "Tripoli", "Catania"),
          ("NP", "AE", "Kathmandu", "Dubai"), ("PH", "SA", "Manila", "Riyadh"),
          ("RO", "GB", "Bucharest", "London"), ("MM", "TH", "Yangon", "Bangkok")]
EXPLOITATION = ["ForcedLabour", "SexualExploitation", "ForcedBegging", "Servitude",
                "ForcedMarriage", "ChildLabour"]
CONTROL = ["DebtBondage", "WithholdsDocuments", "PhysicalThreats", "TakesEarnings",
           "FalsePromises", "PsychologicalAbuse", "ExcessiveWorkingHours"]
INDUSTRY = ["A_AgricultureForestryAndFishing", "F_Construction", "C_Manufacturing",
            "I_AccommodationAndFoodServiceActivities", "T_ActivitiesOfHouseholdsAsEmployers"]


def family_name(rng: random.Random) -> str:
    # Hyphenated with a number: clearly not a real person, and varied enough to make name
    # searches selective at a million records.
    return f"Synth{rng.randrange(10_000):04d}-{rng.choice(FAMILY_ROOTS)}"


def case_data(rng: random.Random, i: int) -> dict:
    origin, dest, oplace, dplace = rng.choice(ROUTES)
    year = rng.randrange(1970, 2010)
    return {
        "person": {"given_name": rng.choice(GIVEN), "family_name": family_name(rng),
                   "birth_date": f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                   "gender": rng.choice(["Feminine", "Masculine"]), "citizenship": [origin]},
        "country": dest,
        "identified_on": f"{rng.randrange(2019, 2027)}-{rng.randrange(1, 13):02d}-"
                         f"{rng.randrange(1, 29):02d}",
        "exploitation_types": rng.sample(EXPLOITATION, rng.randrange(1, 3)),
        "methods_of_control": rng.sample(CONTROL, rng.randrange(1, 4)),
        "industry": rng.choice(INDUSTRY),
        "narrative": f"Synthetic benchmark record {i}: recruited in {oplace}, exploited in "
                     f"{dplace}.",
        "aliases": [f"Alias{i}"] if rng.random() < 0.3 else [],
        "contacts": [{"kind": "phone", "value": f"+1 555 {i // 10000 % 1000:03d} {i % 10000:04d}"}],
        "documents": [{"kind": "passport", "number": f"X{i:09d}", "issuing_country": origin}],
        "movements": [
            {"stage": "Recruitment", "from_country": origin, "from_place": oplace,
             "to_country": dest, "to_place": dplace, "transport": rng.choice(["bus", "air"])},
            {"stage": "Exploitation", "from_country": dest, "to_country": dest,
             "to_place": dplace},
        ],
    }
