"""What the rest of tipnet (pages, API, later capabilities) may do with identification.

Every function that touches a case takes the acting user and goes through
``cases.services.get_case`` (tenant scope, role, audit of refusals); every read and write of an
interview, screening or assessment is audited against its case. The engines themselves
(``assessment``, ``screening``) are pure and stateless.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
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

def _stored_shipped() -> None:
    """Keep the catalogue this release ships as a stored version (once), so that assessments
    made with it can still be explained after a later release ships another one. A stored
    version is never replaced: if a release ships different content under a version already
    stored, the stored one stands (tests/identification/test_data.py keeps the shipped
    content tied to its version)."""
    shipped = catalogue.shipped()
    if CatalogueVersion.objects.filter(version=shipped.version).exists():
        return
    try:
        with transaction.atomic():
            CatalogueVersion.objects.create(
                version=shipped.version, document=shipped.document,
                sha256=catalogue.document_sha256(shipped.document), note="shipped with tipnet")
    except IntegrityError:
        pass  # stored meanwhile by another request


def current_catalogue() -> Catalogue:
    """The newest catalogue version: shipped or published."""
    _stored_shipped()
    rows = list(CatalogueVersion.objects.values_list("version", "sha256"))
    version, sha = max(rows, key=lambda row: _parts(row[0]))
    return _cached(version, sha)


def catalogue_for(version: str | None) -> Catalogue:
    if not version:
        return current_catalogue()
    _stored_shipped()
    row = CatalogueVersion.objects.filter(version=version).values_list("sha256").first()
    if row is None:
        raise IdentificationError({"catalogue_version": f"no catalogue version {version!r}"})
    return _cached(version, row[0])


_LOADED: dict[tuple[str, str], Catalogue] = {}


def _cached(version: str, sha256: str) -> Catalogue:
    key = (version, sha256)
    if key not in _LOADED:
        document = CatalogueVersion.objects.get(version=version).document
        _LOADED[key] = Catalogue(document)
    return _LOADED[key]


def _parts(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _newer(a: str, b: str) -> bool:
    return _parts(a) > _parts(b)


def versions() -> list[dict[str, Any]]:
    _stored_shipped()
    return [{"version": r.version, "published_at": r.published_at.isoformat(),
             "note": r.note} for r in sorted(CatalogueVersion.objects.all(),
                                             key=lambda r: _parts(r.version), reverse=True)]


def publish_catalogue(user: Any, document: Any, *, note: str = "",
                      via: str = "web") -> CatalogueVersion:
    """Publish a new catalogue version (system administrators). Raises CatalogueProblem."""
    if not (getattr(user, "is_superuser", False) or user.can("catalogue.publish")):
        cases.deny(user, "catalogue.publish", via=via,
                   object_type="identification.catalogueversion")
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
    try:
        with transaction.atomic():
            row = CatalogueVersion.objects.create(
                version=document["version"], document=document, note=note[:2000],
                sha256=catalogue.document_sha256(document), published_by=user)
            audit.record("create", user=user, obj=row, via=via,
                         detail={"version": row.version, "sha256": row.sha256})
    except IntegrityError:
        raise CatalogueProblem([f"version {document['version']} is already published"]) from None
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
                            via=via, group="identification")
    if change and not user.can(SCREEN):
        cases.deny(user, SCREEN, via=via, obj=access.case)
    return access


def _record(action: str, user: Any, obj: Any, via: str, **detail: Any) -> None:
    audit.record(action, user=user, obj=obj, organisation_id=obj.case.organisation_id,
                 subject_id=obj.case_id, via=via, detail={"case": str(obj.case_id), **detail})


def _owned(model: type, user: Any, record_id: Any, *, change: bool, via: str):  # type: ignore[no-untyped-def]
    """The record and its case, if the user may see (or change) the case; else 404 (or 403),
    audited. Called outside any transaction, so that the audit entry of a refusal stays."""
    pk = as_uuid(record_id)
    row = model.objects.filter(pk=pk).only("case_id").first() if pk else None
    if row is None:
        # Only a well-formed id goes into the log: whatever else was typed could be anything,
        # a name included, and the log keeps it for ever.
        audit.record("denied", user=user, object_type=model._meta.label_lower,
                     object_id=str(pk) if pk else "", via=via, detail={"reason": "not found"})
        raise Http404("Not found.")
    access = _case_for(user, row.case_id, change=change, via=via)
    return access, model.objects.select_related("case").get(pk=pk)


def _locked(model: type, pk: Any):  # type: ignore[no-untyped-def]
    """The row again, locked until the transaction ends: a double tap on "Finish" on a slow
    phone must not finish twice, nor two saves of answers overwrite each other."""
    return model.objects.select_for_update(of=("self",)).select_related("case").get(pk=pk)


def case_records(user: Any, access: Any) -> dict[str, list[Any]]:
    """The interviews, screenings and assessments of a case already opened for the user
    (``cases.services.get_case`` / ``open_case``; the opening is what is audited)."""
    case = access.case
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
        _record("create", user, row, via)  # not which screen: that says what was suspected
    return row


def get_screening(user: Any, screening_id: Any, *, via: str = "web") -> Screening:
    _, row = _owned(Screening, user, screening_id, change=False, via=via)
    _record("view", user, row, via)
    return row


def screening_result(row: Screening, lang: str) -> dict[str, Any]:
    """The screening as recorded, with its texts in ``lang``: scored again from its answers
    (a pure function of them), unless the screen has changed since, in which case the result
    stored at the time is shown as it is."""
    stored = row.result or {}
    try:
        fresh = screening.score(row.screen, row.answers or {}, lang=lang)
    except screening.ScreenError:
        return stored
    return fresh if fresh["result"] == stored.get("result") else stored


def get_assessment(user: Any, assessment_id: Any, *, via: str = "web") -> Assessment:
    _, row = _owned(Assessment, user, assessment_id, change=False, via=via)
    _record("view", user, row, via)
    return row


def _stored_profile(row: Assessment) -> Any:
    """The profile an assessment was made for (stored with it as ``Profile.as_dict()``)."""
    return parse(**{k: row.profile[k] for k in ("age", "exploitation", "may_be_minor")})


def assessment_result(row: Assessment, lang: str) -> dict[str, Any]:
    """The assessment as recorded, explained in ``lang``: explained again with the catalogue
    version and rule set it was made with (both kept), and shown exactly as stored if that no
    longer gives the same outcome (the engine changed since)."""
    stored = row.result or {}
    try:
        cat = catalogue_for(row.catalogue_version)
        prof = _stored_profile(row)
        fresh = assessment.assess(cat, prof, list(row.indicators or []), row.ruleset, lang,
                                  coverage=stored.get("coverage"))
    except (IdentificationError, ProfileError, ValueError, KeyError, TypeError):
        return stored
    if fresh["outcome"] != stored.get("outcome"):
        return stored
    return {**fresh, "dropped": stored.get("dropped", [])}


def rerun_assessment(user: Any, assessment_id: Any, version: str | None = None, *,
                     via: str = "web") -> Assessment:
    """The same indicators assessed again with another (by default the newest) catalogue.
    Indicators the newer catalogue no longer has are left out, and said so."""
    _, old = _owned(Assessment, user, assessment_id, change=True, via=via)
    cat = catalogue_for(version)
    if not _newer(cat.version, old.catalogue_version):
        raise IdentificationError({"catalogue_version": f"{cat.version} is not newer than "
                                                        f"{old.catalogue_version}"})
    kept = [i for i in old.indicators or [] if cat.get(i) is not None]
    dropped = [i for i in old.indicators or [] if cat.get(i) is None]
    prof = _stored_profile(old)
    result = assessment.assess(cat, prof, kept, old.ruleset, "en",
                               coverage=(old.result or {}).get("coverage"))
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


def _change(user: Any, interview_id: Any, via: str, step: str,
            apply: Callable[[Interview], Any]) -> Interview:
    """Check access (audited), then apply one step to the locked row and save it, audited."""
    _, row = _owned(Interview, user, interview_id, change=True, via=via)
    with transaction.atomic():
        row = _locked(Interview, row.pk)
        detail = apply(row) or {}
        row.save()
        _record("update", user, row, via, step=step, **detail)
    return row


def give_consent(user: Any, interview_id: Any, data: dict[str, Any], *,
                 via: str = "web") -> Interview:
    return _change(user, interview_id, via, "consent",
                   lambda row: interview_flow.apply_consent(row, data))


def set_profile(user: Any, interview_id: Any, data: dict[str, Any], *,
                via: str = "web") -> Interview:
    return _change(user, interview_id, via, "profile",
                   lambda row: interview_flow.apply_profile(row, data))


def answer(user: Any, interview_id: Any, answers: Any, *, via: str = "web") -> Interview:
    """Save answers (any number, any order); an interview stopped earlier resumes."""
    def apply(row: Interview) -> dict[str, Any]:
        interview_flow.apply_answers(row, answers, catalogue_for(row.catalogue_version))
        return {"count": len(answers) if isinstance(answers, dict) else 0}
    return _change(user, interview_id, via, "answers", apply)


def stop(user: Any, interview_id: Any, *, via: str = "web") -> Interview:
    return _change(user, interview_id, via, "stop", interview_flow.stop)


def resume(user: Any, interview_id: Any, *, via: str = "web") -> Interview:
    return _change(user, interview_id, via, "resume", interview_flow.resume)


def complete(user: Any, interview_id: Any, *, via: str = "web") -> Assessment:
    """Finish the interview and record its assessment. The person's trafficking status is
    not touched: only an explicit decision changes it."""
    _, row = _owned(Interview, user, interview_id, change=True, via=via)
    with transaction.atomic():
        row = _locked(Interview, row.pk)
        cat = catalogue_for(row.catalogue_version)
        present, prof = interview_flow.finish(row, cat)
        result = assessment.assess(cat, prof, present, row.ruleset, "en",
                                   coverage=interview_flow.coverage(row, cat))
        row.result = {"outcome": result["outcome"]}
        row.save()
        _record("update", user, row, via, step="complete")
        made = Assessment.objects.create(
            case=row.case, interview=row, created_by=user, catalogue_version=cat.version,
            ruleset=row.ruleset, profile=prof.as_dict(), indicators=present, result=result)
        _record("create", user, made, via)  # never the outcome: the log is not encrypted
    return made


def interview_state(row: Interview, lang: str) -> dict[str, Any]:
    """Where an interview stands, in ``lang``: what the pages and the API show."""
    return interview_flow.state(row, catalogue_for(row.catalogue_version), lang)
