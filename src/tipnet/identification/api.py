"""The identification API: catalogue, stateless assessment, screenings, interviews.

Texts come in the language asked for with ``?lang=`` (en, fr, es, ar; English where a text has
no translation yet). The same services, access checks and audit entries as the pages.
"""

from __future__ import annotations

from typing import Any, Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictInt

from tipnet.cases.schemas import ErrorOut

from . import catalogue, services, texts

router = Router(tags=["identification"])
Lang = Literal["en", "fr", "es", "ar"]


class LangQuery(Schema):
    lang: Lang = "en"


class CatalogueQuery(LangQuery):
    version: str | None = None


class AssessIn(Schema):
    age: StrictInt | Literal["unknown", "unknown_may_be_minor"] | None = Field(
        None, description='Age in whole years, or "unknown", or "unknown_may_be_minor" '
                          "(presumption of minority: the child rules apply).")
    may_be_minor: bool = False
    exploitation: Literal["labour", "sexual"]
    indicators: list[str] = Field(description="Ids of the indicators present.")
    ruleset: Literal["delphi-2009", "ilo-survey-2012"] = "delphi-2009"
    catalogue_version: str | None = None


class ScreeningIn(Schema):
    case_id: str
    screen: str
    answers: dict[str, Literal["yes", "no", "declined"]]


class InterviewIn(Schema):
    case_id: str
    mode: Literal["guided", "checklist"] = "guided"
    language: Lang = "en"


class ConsentIn(Schema):
    explained: list[Literal["purpose", "who_sees", "right_to_refuse", "right_to_stop",
                            "confidentiality_limits"]] = []
    consent: bool
    companion: Literal["none", "separated", "present"]
    interpreter_language: str = ""
    interpreter_vetted: bool | None = None


class ProfileIn(Schema):
    age: StrictInt | Literal["unknown", "unknown_may_be_minor"] | None = None
    may_be_minor: bool = False
    exploitation: Literal["labour", "sexual"]
    moved: bool


class AnswersIn(Schema):
    answers: dict[str, Literal["yes", "no", "declined", ""]]


class RerunIn(Schema):
    catalogue_version: str | None = None


@router.get("/catalogue", summary="The indicator catalogue")
def get_catalogue(request, query: Query[CatalogueQuery]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Every indicator with its id, set, dimension, element (act, means, purpose), weights per
    profile (adult or child, labour or sexual), whether the weights are verified, its source
    and texts in the language asked for. The newest version unless ``version`` is given."""
    return services.catalogue_for(query.version).localised(query.lang)


@router.get("/catalogue/versions", summary="Published catalogue versions")
def get_versions(request) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return services.versions()


@router.get("/screens", summary="The validated screens")
def get_screens(request, query: Query[LangQuery]) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    out = []
    for screen in catalogue.screens().values():
        out.append({"id": screen["id"], "name": texts.pick(screen["name"], query.lang),
                    "population": texts.pick(screen["population"], query.lang),
                    "rule": screen["rule"], "validation": screen["validation"],
                    "items": [{"id": i["id"], "question": texts.pick(i["question"], query.lang),
                               "covers": i["covers"]} for i in screen["items"]]})
    return out


@router.post("/assess", response={200: dict, 400: ErrorOut}, summary="Assess indicators")
def post_assess(request, payload: AssessIn, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    """Stateless: the outcome for a profile and the indicators present, with the verdict of
    every dimension, the rule that decided it and the indicators that fired. Nothing is
    stored; any rule can be checked directly."""
    data = payload.dict()
    if data["age"] == "unknown_may_be_minor":
        data["age"], data["may_be_minor"] = "unknown", True
    return services.assess(data, query.lang)


def _screening(row: Any, lang: str) -> dict[str, Any]:
    return {"id": str(row.pk), "case_id": str(row.case_id), "screen": row.screen,
            "answers": row.answers, "created_at": row.created_at.isoformat(),
            "result": services.screening_result(row, lang)}


@router.post("/screenings", response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Record a screening")
def post_screening(request, payload: ScreeningIn, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    row = services.record_screening(request.user, payload.case_id, payload.screen,
                                    payload.answers, via="api")
    return Status(201, _screening(row, query.lang))


@router.get("/screenings/{screening_id}", response={200: dict, 404: ErrorOut})
def get_screening(request, screening_id: str, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    return _screening(services.get_screening(request.user, screening_id, via="api"),
                      query.lang)


def _assessment(row: Any, lang: str) -> dict[str, Any]:
    return {"id": str(row.pk), "case_id": str(row.case_id),
            "interview_id": str(row.interview_id) if row.interview_id else None,
            "rerun_of": str(row.rerun_of_id) if row.rerun_of_id else None,
            "created_at": row.created_at.isoformat(),
            "result": {**services.assessment_result(row, lang),
                       "dropped": (row.result or {}).get("dropped", [])}}


@router.get("/assessments/{assessment_id}", response={200: dict, 404: ErrorOut})
def get_assessment(request, assessment_id: str, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    return _assessment(services.get_assessment(request.user, assessment_id, via="api"),
                       query.lang)


@router.post("/assessments/{assessment_id}/rerun",
             response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Assess again with another catalogue version")
def rerun(request, assessment_id: str, payload: RerunIn, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    row = services.rerun_assessment(request.user, assessment_id, payload.catalogue_version,
                                    via="api")
    return Status(201, _assessment(row, query.lang))


def _interview(row: Any, lang: str) -> dict[str, Any]:
    return services.interview_state(row, lang)


@router.post("/interviews", response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Start an interview")
def post_interview(request, payload: InterviewIn):  # type: ignore[no-untyped-def]
    row = services.start_interview(request.user, payload.case_id, mode=payload.mode,
                                   language=payload.language, via="api")
    return Status(201, _interview(row, payload.language))


@router.get("/interviews/{interview_id}", response={200: dict, 404: ErrorOut},
            summary="An interview: where it stands, its questions and answers")
def get_interview(request, interview_id: str, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    return _interview(services.get_interview(request.user, interview_id, via="api"),
                      query.lang)


@router.post("/interviews/{interview_id}/consent",
             response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def post_consent(request, interview_id: str, payload: ConsentIn, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    return _interview(services.give_consent(request.user, interview_id, payload.dict(),
                                            via="api"), query.lang)


@router.post("/interviews/{interview_id}/profile",
             response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def post_profile(request, interview_id: str, payload: ProfileIn, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    data = payload.dict()
    if data["age"] == "unknown_may_be_minor":
        data["age"], data["may_be_minor"] = "unknown", True
    return _interview(services.set_profile(request.user, interview_id, data, via="api"),
                      query.lang)


@router.post("/interviews/{interview_id}/answers",
             response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Save answers (partial answers are kept; a stopped interview resumes)")
def post_answers(request, interview_id: str, payload: AnswersIn, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    return _interview(services.answer(request.user, interview_id, payload.answers, via="api"),
                      query.lang)


@router.post("/interviews/{interview_id}/stop",
             response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def post_stop(request, interview_id: str, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    return _interview(services.stop(request.user, interview_id, via="api"), query.lang)


@router.post("/interviews/{interview_id}/resume",
             response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def post_resume(request, interview_id: str, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    return _interview(services.resume(request.user, interview_id, via="api"), query.lang)


@router.post("/interviews/{interview_id}/complete",
             response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Finish the interview and record its assessment")
def post_complete(request, interview_id: str, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    row = services.complete(request.user, interview_id, via="api")
    return Status(201, _assessment(row, query.lang))


@router.get("/cases/{case_id}", response={200: dict, 404: ErrorOut},
            summary="A case's interviews, screenings and assessments")
def case_identification(request, case_id: str, query: Query[LangQuery]):  # type: ignore[no-untyped-def]
    from tipnet.audit import services as audit
    from tipnet.cases import services as cases

    access = cases.get_case(request.user, case_id, permission="case.view", via="api",
                            group="identification")
    audit.record("view", user=request.user, obj=access.case, via="api",
                 detail={"part": "identification"})
    records = services.case_records(request.user, access)
    return {"interviews": [{"id": str(r.pk), "status": r.status, "mode": r.mode,
                            "created_at": r.created_at.isoformat()}
                           for r in records["interviews"]],
            "screenings": [_screening(r, query.lang) for r in records["screenings"]],
            "assessments": [_assessment(r, query.lang) for r in records["assessments"]]}
