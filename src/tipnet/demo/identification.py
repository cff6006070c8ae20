"""Demo screenings and interviews, so that a newcomer sees identification at work: for some
demo cases, an interview whose "yes" answers follow the case's methods of control (some
stopped half-way, to resume), and some short screens."""

from __future__ import annotations

import random
from typing import Any

from tipnet.identification import services
from tipnet.identification.interview_flow import CONSENT_POINTS, applicable

INTERVIEW_SHARE = 0.15
STOPPED_SHARE = 0.25
SCREEN_SHARE = 0.1


def seed_case(rng: random.Random, user: Any, case: Any, data: dict[str, Any]) -> dict[str, int]:
    """Maybe an interview and a screening for one new demo case; counts what was made."""
    made = {"interviews": 0, "screenings": 0}
    if not user.can(services.SCREEN):
        return made
    if rng.random() < INTERVIEW_SHARE:
        _interview(rng, user, case, data)
        made["interviews"] += 1
    if rng.random() < SCREEN_SHARE:
        screen = rng.choice(["qyit", "m_ahtst"])
        items = [i["id"] for i in services.catalogue.screens()[screen]["items"]]
        services.record_screening(user, case.pk, screen,
                                  {i: rng.choice(["yes", "no", "no", "declined"]) for i in items},
                                  via="cli")
        made["screenings"] += 1
    return made


def _interview(rng: random.Random, user: Any, case: Any, data: dict[str, Any]) -> None:
    row = services.start_interview(user, case.pk, mode=rng.choice(["guided", "checklist"]),
                                   via="cli")
    services.give_consent(user, row.pk, {"explained": list(CONSENT_POINTS), "consent": True,
                                         "companion": rng.choice(["none", "separated"])},
                          via="cli")
    sexual = "SexualExploitation" in (data.get("exploitation_types") or [])
    row = services.set_profile(user, row.pk, {
        "age": rng.choice([16, 19, 24, 31, 38, "unknown"]), "may_be_minor": rng.random() < 0.3,
        "exploitation": "sexual" if sexual else "labour", "moved": bool(data.get("movements"))},
        via="cli")
    cat = services.current_catalogue()
    controls = set(data.get("methods_of_control") or [])
    answers = {}
    for iid in applicable(cat, row):
        indicator = cat.indicators[iid]
        if controls & set(indicator.methods_of_control) or indicator.set == "act":
            answers[iid] = "yes" if rng.random() < 0.8 else "declined"
        elif rng.random() < 0.5:
            answers[iid] = "yes" if rng.random() < 0.15 else "no"
    if rng.random() < STOPPED_SHARE:
        half = dict(list(answers.items())[: max(1, len(answers) // 2)])
        services.answer(user, row.pk, half, via="cli")
        services.stop(user, row.pk, via="cli")
        return
    services.answer(user, row.pk, answers, via="cli")
    services.complete(user, row.pk, via="cli")
