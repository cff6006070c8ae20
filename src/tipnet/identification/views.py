"""Identification pages: the case page's section, interviews (consent, profile, questions one at
a time or as a checklist, stop and resume), screenings, and the explained assessment.

Every page works without JavaScript (forms post and redirect); with htmx the interview swaps
only its own card, which keeps it quick on a phone on a slow connection.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipnet.codelists import services as codelists
from tipnet.lib.http import forbidden

from . import catalogue, services, texts
from .interview_flow import CONSENT_POINTS, FlowError

CONSENT_TEXT = {
    "purpose": lambda: _("Why we are asking: to understand what happened and to find the help "
                         "and protection you may need."),
    "who_sees": lambda: _("Who will see your answers: only the people in this organisation who "
                          "work on your case. Nothing is shared with anyone else without your "
                          "agreement, except as said below."),
    "right_to_refuse": lambda: _("You do not have to answer any question. You can say you do "
                                 "not want to answer; that is fine and changes nothing in the "
                                 "help you get."),
    "right_to_stop": lambda: _("You can stop at any moment, and continue later if you want."),
    "confidentiality_limits": lambda: _("Where confidentiality ends: if a child or someone else "
                                        "is in immediate danger, we may have to act to protect "
                                        "them, and the law may require us to report it."),
}


def _lang() -> str:
    lang = (translation.get_language() or "en").split("-")[0]
    return lang if lang in texts.LANGUAGES else "en"


def case_section(request: HttpRequest, access: Any) -> str:
    """The identification card on the case page (see TIPNET_CASE_PAGE_SECTIONS)."""
    user, case = request.user, access.case
    if not access.sees("identification"):
        return ""
    records = services.case_records(user, access)
    lang = _lang()
    assessments = [(row, services.assessment_result(row, lang)) for row in
                   records["assessments"]]
    screenings = [(row, services.screening_result(row, lang)) for row in records["screenings"]]
    may_screen = ("case.change" in access.permissions and user.can(services.SCREEN)
                  and not case.deleted_at)
    return render_to_string("identification/_case_section.html", {
        "case": case, "interviews": records["interviews"], "assessments": assessments,
        "screenings": screenings, "may_screen": may_screen,
        "screens": [(s["id"], texts.pick(s["name"], lang)) for s in catalogue.screens().values()],
    }, request=request)


@login_required
@require_POST
def interview_start(request: HttpRequest, case_id: Any) -> HttpResponse:
    mode = request.POST.get("mode", "guided")
    try:
        row = services.start_interview(request.user, case_id, mode=mode, language=_lang())
    except services.PermissionDenied:
        return forbidden(request)
    except services.IdentificationError as error:
        messages.error(request, "; ".join(error.errors.values()))
        return redirect("cases:detail", case_id=case_id)
    return redirect("identification:interview", interview_id=row.pk)


def _interview_page(request: HttpRequest, row: Any, errors: dict[str, str] | None = None,
                    status: int = 200) -> HttpResponse:
    lang = _lang()
    state = services.interview_state(row, lang)
    question = None
    if row.mode == "guided" and state["next"]:
        wanted = request.GET.get("q")
        ids = [q["id"] for q in state["questions"]]
        target = wanted if wanted in ids else state["next"]
        question = next(q for q in state["questions"] if q["id"] == target)
        question["number"] = ids.index(target) + 1
    languages = codelists.get("language").labels
    return render(request, "identification/interview.html", {
        "row": row, "state": state, "question": question, "errors": errors or {},
        "consent_points": [(p, CONSENT_TEXT[p]()) for p in CONSENT_POINTS],
        "interpreter_languages": sorted(
            ((code, codelists.label("language", code)) for code in languages),
            key=lambda pair: pair[1]),
        "posted": request.POST,
    }, status=status)


@login_required
def interview(request: HttpRequest, interview_id: Any) -> HttpResponse:
    row = services.get_interview(request.user, interview_id)
    if row.status == "completed":
        made = row.assessments.order_by("-created_at").first()
        if made is not None:
            return redirect("identification:assessment", assessment_id=made.pk)
    return _interview_page(request, row)


def _bool(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


@login_required
@require_POST
def interview_step(request: HttpRequest, interview_id: Any, step: str) -> HttpResponse:
    """Consent, profile, answers, stop, resume, complete: each a POST, then back to the page."""
    user, post = request.user, request.POST
    try:
        if step == "consent":
            services.give_consent(user, interview_id, {
                "explained": post.getlist("explained"), "consent": _bool(post.get("consent")),
                "companion": post.get("companion", ""),
                "interpreter_language": post.get("interpreter_language", ""),
                "interpreter_vetted": _bool(post.get("interpreter_vetted"))})
        elif step == "profile":
            age: Any = post.get("age", "").strip()
            if post.get("age_unknown"):
                age = "unknown"
            elif not age:  # an empty box is not "unknown": it must be said
                raise FlowError({"age": _("give the age, or tick \"Age not known\"")})
            services.set_profile(user, interview_id, {
                "age": age, "may_be_minor": bool(post.get("may_be_minor")),
                "exploitation": post.get("exploitation", ""), "moved": _bool(post.get("moved"))})
        elif step == "answers":
            answers = {k[2:]: v for k, v in post.items() if k.startswith("a:")}
            services.answer(user, interview_id, answers)
        elif step == "stop":
            services.stop(user, interview_id)
            messages.info(request, _("The interview is stopped. Answers given so far are kept; "
                                     "it can be resumed at any time."))
        elif step == "resume":
            services.resume(user, interview_id)
        elif step == "complete":
            made = services.complete(user, interview_id)
            return redirect("identification:assessment", assessment_id=made.pk)
        else:
            return HttpResponse(status=404)
    except services.PermissionDenied:
        return forbidden(request)
    except FlowError as error:
        row = services.get_interview(user, interview_id)
        if row.status in ("completed", "no_consent"):  # nothing left to do here
            messages.error(request, "; ".join(error.errors.values()))
            return redirect("identification:interview", interview_id=interview_id)
        return _interview_page(request, row, error.errors, status=400)
    return redirect("identification:interview", interview_id=interview_id)


@login_required
def assessment(request: HttpRequest, assessment_id: Any) -> HttpResponse:
    row = services.get_assessment(request.user, assessment_id)
    lang = _lang()
    result = services.assessment_result(row, lang)
    newest = services.current_catalogue().version
    access = services.cases.get_case(request.user, row.case_id, permission="case.view")
    return render(request, "identification/assessment.html", {
        "row": row, "result": result, "dropped": (row.result or {}).get("dropped", []),
        "newer": newest if newest != row.catalogue_version else None,
        "may_decide": "case.change" in access.permissions
                      and request.user.can("case.decide_status"),
        "may_rerun": "case.change" in access.permissions and request.user.can(services.SCREEN),
    })


@login_required
@require_POST
def assessment_rerun(request: HttpRequest, assessment_id: Any) -> HttpResponse:
    try:
        made = services.rerun_assessment(request.user, assessment_id)
    except services.PermissionDenied:
        return forbidden(request)
    return redirect("identification:assessment", assessment_id=made.pk)


@login_required
def screening_new(request: HttpRequest, case_id: Any, screen: str) -> HttpResponse:
    spec = catalogue.screens().get(screen)
    if spec is None:
        return HttpResponse(status=404)
    lang = _lang()
    services.cases.get_case(request.user, case_id, permission="case.view")
    errors: dict[str, str] = {}
    if request.method == "POST":
        answers = {k[2:]: v for k, v in request.POST.items() if k.startswith("a:") and v}
        try:
            row = services.record_screening(request.user, case_id, screen, answers)
        except services.PermissionDenied:
            return forbidden(request)
        except services.IdentificationError as error:
            errors = error.errors
        else:
            return redirect("identification:screening", screening_id=row.pk)
    return render(request, "identification/screening_form.html", {
        "case_id": case_id, "screen": spec, "name": texts.pick(spec["name"], lang),
        "population": texts.pick(spec["population"], lang),
        "items": [(i["id"], texts.pick(i["question"], lang)) for i in spec["items"]],
        "errors": errors, "posted": request.POST}, status=400 if errors else 200)


@login_required
def screening(request: HttpRequest, screening_id: Any) -> HttpResponse:
    row = services.get_screening(request.user, screening_id)
    return render(request, "identification/screening.html", {
        "row": row, "result": services.screening_result(row, _lang())})
