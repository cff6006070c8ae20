"""What the rest of tipnet (pages, API, later capabilities) may do with identification.

Every function that touches a case takes the acting user and goes through
``cases.services.get_case`` (tenant scope, role, audit of refusals); every read and write of an
interview, screening or assessment is audited against its case. The engines themselves
(``assessment``, ``screening``) are pure and stateless.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.http import Http404

from tipnet.audit import services as audit
from tipnet.cases import services as cases
from tipnet.cases.access import PermissionDenied, as_uuid

from . import assessment, catalogue, interview_flow, screening
from .catalogue import Catalogue, CatalogueProblem
from .models import Assessment, CatalogueVersion, Interview, Screening
from .profile import ProfileError, parse

__all__ = ["CatalogueProblem", "IdentificationError", "PermissionDenied", "ProfileError",
           "assess", "catalogue_for", "current_catalogue", "publish_catalogue"]

SCREEN = "identification.screen"


class IdentificationError(ValueError):
    """Bad input: ``errors`` maps a field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# -- catalogue ----------------------------------------------------------------------------

def current_catalogue() -> Catalogue:
    """The newest published catalogue, or the shipped one if none was published."""
    latest = CatalogueVersion.objects.order_by("-published_at", "-id").first()
    if latest is None or _newer(catalogue.shipped().version, latest.version):
        return catalogue.shipped()
    return _cached(latest.version, latest.sha256, latest.document)


def catalogue_for(version: str | None) -> Catalogue:
    if not version:
        return current_catalogue()
    if version == catalogue.shipped().version:
        return catalogue.shipped()
    row = CatalogueVersion.objects.filter(version=version).first()
    if row is None:
        raise IdentificationError({"catalogue_version": f"no catalogue version {version!r}"})
    return _cached(row.version, row.sha256, row.document)


_LOADED: dict[tuple[str, str], Catalogue] = {}


def _cached(version: str, sha256: str, document: dict[str, Any]) -> Catalogue:
    key = (version, sha256)
    if key not in _LOADED:
        _LOADED[key] = Catalogue(document)
    return _LOADED[key]


def _newer(a: str, b: str) -> bool:
    def parts(v: str) -> tuple[int, ...]:
        return tuple(int(p) for p in v.split("."))
    return parts(a) > parts(b)


def versions() -> list[dict[str, Any]]:
    rows = [{"version": r.version, "published_at": r.published_at.isoformat(),
             "note": r.note} for r in CatalogueVersion.objects.all()]
    shipped = catalogue.shipped().version
    if shipped not in {r["version"] for r in rows}:
        rows.append({"version": shipped, "published_at": None, "note": "shipped with tipnet"})
    return rows


def publish_catalogue(user: Any, document: Any, *, note: str = "",
                      via: str = "web") -> CatalogueVersion:
    """Publish a new catalogue version (system administrators). Raises CatalogueProblem."""
    if not (getattr(user, "is_superuser", False) or user.can("catalogue.publish")):
        audit.record("denied", user=user, object_type="identification.catalogueversion",
                     via=via, detail={"wanted": "catalogue.publish", "reason": "role"})
        raise PermissionDenied("catalogue.publish")
    problems = catalogue.check_document(document)
    if not problems:
        version = document["version"]
        known = [r["version"] for r in versions()]
        if version in known:
            problems.append(f"version {version} is already published")
        elif any(not _newer(version, v) for v in known):
            problems.append(f"version {version} must be newer than every published version "
                            f"({', '.join(sorted(known))})")
    if problems:
        raise CatalogueProblem(problems)
    text = json.dumps(document, sort_keys=True, ensure_ascii=False)
    with transaction.atomic():
        row = CatalogueVersion.objects.create(
            version=document["version"], document=document, note=note[:2000],
            sha256=hashlib.sha256(text.encode()).hexdigest(), published_by=user)
        audit.record("create", user=user, obj=row, via=via,
                     detail={"version": row.version, "sha256": row.sha256})
    return row


# -- stateless assessment -----------------------------------------------------------------

def assess(data: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """The outcome for a profile and indicator ids, with its explanation. Stateless."""
    profile = parse(data.get("age"), data.get("exploitation"), data.get("may_be_minor", False))
    present = data.get("indicators")
    if not isinstance(present, list) or not all(isinstance(i, str) for i in present):
        raise IdentificationError({"indicators": "must be a list of indicator ids"})
    ruleset = data.get("ruleset") or assessment.DEFAULT_RULESET
    if ruleset not in assessment.RULESETS:
        raise IdentificationError({"ruleset": f"must be one of "
                                              f"{', '.join(assessment.RULESETS)}"})
    cat = catalogue_for(data.get("catalogue_version"))
    try:
        return assessment.assess(cat, profile, present, ruleset, lang)
    except assessment.UnknownIndicators as error:
        raise IdentificationError({"indicators": str(error)}) from None


# -- records of a case --------------------------------------------------------------------

def _case_for(user: Any, case_id: Any, *, change: bool, via: str):  # type: ignore[no-untyped-def]
    access = cases.get_case(user, case_id, permission="case.change" if change else "case.view",
                            via=via)
    if change and not user.can(SCREEN):
        audit.record("denied", user=user, obj=access.case, via=via,
                     detail={"wanted": SCREEN, "reason": "role"})
        raise PermissionDenied(SCREEN)
    return access


def _record(action: str, user: Any, obj: Any, via: str, **detail: Any) -> None:
    audit.record(action, user=user, obj=obj, organisation_id=obj.case.organisation_id,
                 subject_id=obj.case_id, via=via, detail={"case": str(obj.case_id), **detail})


def _owned(model: type, user: Any, record_id: Any, *, change: bool, via: str):  # type: ignore[no-untyped-def]
    """The record and its case, if the user may see (or change) the case; else 404."""
    pk = as_uuid(record_id)
    row = model.objects.filter(pk=pk).only("case_id").first() if pk else None
    if row is None:
        audit.record("denied", user=user, object_type=model._meta.label_lower,
                     object_id=str(record_id)[:64], via=via, detail={"reason": "not found"})
        raise Http404("Not found.")
    access = _case_for(user, row.case_id, change=change, via=via)
    return access, model.objects.select_related("case").get(pk=pk)


def case_records(user: Any, case: Any, via: str = "web") -> dict[str, list[Any]]:
    """The interviews, screenings and assessments of a case the user may see (the case page
    calls this after opening the case, which is audited there)."""
    cases.get_case(user, case.pk, permission="case.view", via=via)
    return {"interviews": list(Interview.objects.filter(case=case)),
            "screenings": list(Screening.objects.filter(case=case)),
            "assessments": list(Assessment.objects.filter(case=case))}


def record_screening(user: Any, case_id: Any, screen: Any, answers: Any, *,
                     via: str = "web", lang: str = "en") -> Screening:
    access = _case_for(user, case_id, change=True, via=via)
    try:
        result = screening.score(str(screen), answers, lang="en")
    except screening.ScreenError as error:
        raise IdentificationError(error.errors) from None
    with transaction.atomic():
        row = Screening.objects.create(case=access.case, screen=screen, answers=answers,
                                       result=result, created_by=user)
        _record("create", user, row, via, screen=screen)
    return row


def get_screening(user: Any, screening_id: Any, *, via: str = "web") -> Screening:
    _, row = _owned(Screening, user, screening_id, change=False, via=via)
    _record("view", user, row, via)
    return row


def screening_result(row: Screening, lang: str) -> dict[str, Any]:
    """The stored screening, in ``lang``: scored again from its answers (the score is a pure
    function of them) so that its texts are in the reader's language."""
    return screening.score(row.screen, row.answers or {}, lang=lang)


def get_assessment(user: Any, assessment_id: Any, *, via: str = "web") -> Assessment:
    _, row = _owned(Assessment, user, assessment_id, change=False, via=via)
    _record("view", user, row, via)
    return row


def assessment_result(row: Assessment, lang: str) -> dict[str, Any]:
    """The stored assessment in ``lang`` (its catalogue version and rule set, re-explained)."""
    cat = catalogue_for(row.catalogue_version)
    prof = parse(**{k: row.profile[k] for k in ("age", "exploitation", "may_be_minor")})
    return assessment.assess(cat, prof, list(row.indicators or []), row.ruleset, lang)


def rerun_assessment(user: Any, assessment_id: Any, version: str | None = None, *,
                     via: str = "web") -> Assessment:
    """The same indicators assessed again with another (by default the newest) catalogue.
    Indicators the newer catalogue no longer has are left out, and said so."""
    _, old = _owned(Assessment, user, assessment_id, change=True, via=via)
    cat = catalogue_for(version)
    kept = [i for i in old.indicators or [] if cat.get(i) is not None]
    dropped = [i for i in old.indicators or [] if cat.get(i) is None]
    prof = parse(**{k: old.profile[k] for k in ("age", "exploitation", "may_be_minor")})
    result = assessment.assess(cat, prof, kept, old.ruleset, "en")
    result["dropped"] = dropped
    with transaction.atomic():
        row = Assessment.objects.create(
            case=old.case, interview=old.interview, rerun_of=old, created_by=user,
            catalogue_version=cat.version, ruleset=old.ruleset, profile=old.profile,
            indicators=kept, result=result)
        _record("create", user, row, via, rerun_of=str(old.pk), catalogue=cat.version)
    return row


# -- interviews ---------------------------------------------------------------------------

def start_interview(user: Any, case_id: Any, *, mode: str = "guided", language: str = "en",
                    via: str = "web") -> Interview:
    access = _case_for(user, case_id, change=True, via=via)
    if mode not in dict(Interview.MODES):
        raise IdentificationError({"mode": "must be guided or checklist"})
    cat = current_catalogue()
    with transaction.atomic():
        row = Interview.objects.create(
            case=access.case, created_by=user, mode=mode, catalogue_version=cat.version,
            language=str(language)[:8], answers={}, consent={}, profile={},
            reused=interview_flow.earlier_answers(access.case, cat))
        _record("create", user, row, via)
    return row


def get_interview(user: Any, interview_id: Any, *, change: bool = False,
                  via: str = "web") -> Interview:
    _, row = _owned(Interview, user, interview_id, change=change, via=via)
    if not change:
        _record("view", user, row, via)
    return row


def _save(user: Any, row: Interview, via: str, what: str, **detail: Any) -> Interview:
    with transaction.atomic():
        row.save()
        _record("update", user, row, via, step=what, **detail)
    return row


def give_consent(user: Any, interview_id: Any, data: dict[str, Any], *,
                 via: str = "web") -> Interview:
    row = get_interview(user, interview_id, change=True, via=via)
    interview_flow.apply_consent(row, data)
    return _save(user, row, via, "consent", consent=row.status != "no_consent")


def set_profile(user: Any, interview_id: Any, data: dict[str, Any], *,
                via: str = "web") -> Interview:
    row = get_interview(user, interview_id, change=True, via=via)
    interview_flow.apply_profile(row, data)
    return _save(user, row, via, "profile")


def answer(user: Any, interview_id: Any, answers: Any, *, via: str = "web") -> Interview:
    """Save answers (any number, any order); an interview stopped earlier resumes."""
    row = get_interview(user, interview_id, change=True, via=via)
    interview_flow.apply_answers(row, answers, catalogue_for(row.catalogue_version))
    return _save(user, row, via, "answers", count=len(answers))


def stop(user: Any, interview_id: Any, *, via: str = "web") -> Interview:
    row = get_interview(user, interview_id, change=True, via=via)
    interview_flow.stop(row)
    return _save(user, row, via, "stop")


def resume(user: Any, interview_id: Any, *, via: str = "web") -> Interview:
    row = get_interview(user, interview_id, change=True, via=via)
    interview_flow.resume(row)
    return _save(user, row, via, "resume")


def complete(user: Any, interview_id: Any, *, via: str = "web") -> Assessment:
    """Finish the interview and record its assessment. The person's trafficking status is
    not touched: only an explicit decision changes it."""
    row = get_interview(user, interview_id, change=True, via=via)
    cat = catalogue_for(row.catalogue_version)
    present, prof = interview_flow.finish(row, cat)
    result = assessment.assess(cat, prof, present, row.ruleset, "en")
    row.result = {"outcome": result["outcome"]}
    with transaction.atomic():
        _save(user, row, via, "complete")
        made = Assessment.objects.create(
            case=row.case, interview=row, created_by=user, catalogue_version=cat.version,
            ruleset=row.ruleset, profile=prof.as_dict(), indicators=present, result=result)
        _record("create", user, made, via, outcome=result["outcome"])
    return made


def interview_state(row: Interview, lang: str) -> dict[str, Any]:
    """Where an interview stands, in ``lang``: what the pages and the API show."""
    return interview_flow.state(row, catalogue_for(row.catalogue_version), lang)
