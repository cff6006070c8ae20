"""The trauma-informed interview as a state machine over an ``Interview`` row (no queries
except reading earlier interviews; ``services`` saves and audits).

consent -> (no_consent | in_progress) <-> stopped -> completed

- Consent comes first: the interviewer confirms having explained the purpose, who will see the
  answers, the right to refuse any question and to stop at any time, and where
  confidentiality ends; records any interpreter (language, vetted or not) and whether a
  companion was separated. Questions cannot start while a companion is present.
- Skip logic: questions marked for children are asked only of children (or of a person who may
  be one); questions about the journey only of people who moved.
- "declined" is an answer of its own, never counted as "no".
- Answers given in earlier interviews with the same person (yes or no) are reused, not asked
  again; the interviewer sees where they come from.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.codelists import services as codelists

from . import assessment, texts
from .catalogue import Catalogue
from .profile import Profile, ProfileError, parse

CONSENT_POINTS = ("purpose", "who_sees", "right_to_refuse", "right_to_stop",
                  "confidentiality_limits")
ANSWERS = ("yes", "no", "declined")
# The order questions are asked in: the Act and the least distressing first.
ORDER = ("act", "child", "deceptive_recruitment", "abuse_of_vulnerability_at_recruitment",
         "exploitative_conditions", "abuse_of_vulnerability_at_destination",
         "coercive_recruitment", "coercion_at_destination")
INTERVIEW_SETS = ("act", "child", "delphi")


class FlowError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _require(row: Any, *statuses: str) -> None:
    if row.status not in statuses:
        raise FlowError({"status": _("the interview is %(status)s") % {
            "status": row.get_status_display()}})


def _require_consent(row: Any) -> None:
    """Nothing is asked, recorded or concluded before the person has agreed."""
    if not (row.consent_at and (row.consent or {}).get("given") is True):
        raise FlowError({"consent": _("the person's consent comes first")})


def earlier_answers(case: Any, cat: Catalogue) -> dict[str, dict[str, str]]:
    """The latest yes/no answer to each question in the case's earlier interviews."""
    from .models import Interview

    found: dict[str, dict[str, str]] = {}
    for earlier in Interview.objects.filter(
            case=case, status__in=("in_progress", "stopped", "completed")).order_by("-created_at"):
        given = {**(earlier.reused or {}), **{k: {"answer": v, "interview": str(earlier.pk),
                                                  "date": earlier.created_at.date().isoformat()}
                                              for k, v in (earlier.answers or {}).items()}}
        for iid, item in given.items():
            if iid not in found and item.get("answer") in ("yes", "no") and cat.get(iid):
                found[iid] = item
    return found


def apply_consent(row: Any, data: dict[str, Any]) -> None:
    _require(row, "consent")
    errors: dict[str, str] = {}
    explained = data.get("explained") or []
    if not isinstance(explained, list):
        explained = []
    consent = data.get("consent")
    if consent not in (True, False):
        errors["consent"] = _("say whether the person agreed")
    if consent is True:
        missing = [p for p in CONSENT_POINTS if p not in explained]
        if missing:
            errors["explained"] = _("explain every point before asking for consent: %(points)s"
                                    ) % {"points": ", ".join(missing)}
    companion = data.get("companion") or ""
    if companion not in ("none", "separated", "present"):
        errors["companion"] = _("say whether anyone accompanied the person")
    elif companion == "present" and consent is True:
        errors["companion"] = _("ask the companion to leave before any question; if that is "
                                "not possible, do not interview: refer")
    language = data.get("interpreter_language") or ""
    if language and language not in codelists.get("language").labels:
        errors["interpreter_language"] = _("is not a language in the list")
    vetted = data.get("interpreter_vetted")
    if language and vetted not in (True, False):
        errors["interpreter_vetted"] = _("say whether the interpreter was vetted")
    if errors:
        raise FlowError(errors)
    row.consent = {"explained": [p for p in CONSENT_POINTS if p in explained],
                   "given": consent, "companion": companion,
                   "interpreter_language": language,
                   "interpreter_vetted": vetted if language else None}
    row.consent_at = timezone.now()
    row.status = "in_progress" if consent else "no_consent"


def profile_of(row: Any) -> Profile | None:
    if not row.profile:
        return None
    p = row.profile
    return Profile(p.get("age"), bool(p.get("may_be_minor")), p["exploitation"])


def apply_profile(row: Any, data: dict[str, Any]) -> None:
    _require(row, "in_progress", "stopped")
    _require_consent(row)
    try:
        prof = parse(data.get("age"), data.get("exploitation"), data.get("may_be_minor", False))
    except ProfileError as error:
        raise FlowError(error.errors) from None
    moved = data.get("moved")
    if moved not in (True, False):
        raise FlowError({"moved": _("say whether the person moved (within the country or "
                                    "abroad) for the work or the situation")})
    row.profile = {"age": prof.age, "may_be_minor": prof.may_be_minor,
                   "exploitation": prof.exploitation, "moved": moved}


def applicable(cat: Catalogue, row: Any) -> list[str]:
    """The interview's questions for this person, in the order they are asked."""
    prof = profile_of(row)
    if prof is None:
        return []
    moved = bool(row.profile.get("moved"))

    def asked(indicator: Any) -> bool:
        if indicator.set not in INTERVIEW_SETS:
            return False
        when = set(indicator.asked_when)
        return not ("child" in when and not prof.child) and not ("moved" in when and not moved)

    def rank(indicator: Any) -> int:
        key = indicator.set if indicator.set in ("act", "child") else indicator.dimension
        return ORDER.index(key) if key in ORDER else len(ORDER)

    chosen = [i for i in cat.indicators.values() if asked(i)]
    return [i.id for i in sorted(chosen, key=rank)]  # sorted() is stable: catalogue order


def apply_answers(row: Any, answers: Any, cat: Catalogue) -> None:
    _require(row, "in_progress", "stopped")
    _require_consent(row)
    if profile_of(row) is None:
        raise FlowError({"profile": _("record the person's age and situation first")})
    if not isinstance(answers, dict):
        raise FlowError({"answers": _("must be an object of question id: yes, no or "
                                      "declined")})
    allowed = set(applicable(cat, row))
    errors = {}
    for key, value in answers.items():
        if key not in allowed:
            errors[f"answers.{key}"] = _("is not a question of this interview")
        elif value not in (*ANSWERS, ""):
            errors[f"answers.{key}"] = _("must be yes, no or declined")
    if errors:
        raise FlowError(errors)
    merged = dict(row.answers or {})
    for key, value in answers.items():
        if value:
            merged[key] = value
        else:
            merged.pop(key, None)
    row.answers = merged
    row.status = "in_progress"
    row.stopped_at = None


def stop(row: Any) -> None:
    _require(row, "in_progress", "consent")
    row.status = "stopped"
    row.stopped_at = timezone.now()


def resume(row: Any) -> None:
    _require(row, "stopped")
    if not row.consent_at:
        row.status = "consent"
    else:
        row.status = "in_progress"
    row.stopped_at = None


def _given(row: Any) -> dict[str, str]:
    """Every answer the interview counts: those reused from earlier interviews, overridden by
    those given here."""
    given = {k: v["answer"] for k, v in (row.reused or {}).items()}
    given.update(row.answers or {})
    return given


def present(row: Any, cat: Catalogue) -> list[str]:
    """The questions answered yes (here, or in an earlier interview and not changed here)."""
    given = _given(row)
    order = applicable(cat, row)
    return [i for i in order if given.get(i) == "yes"]


def coverage(row: Any, cat: Catalogue) -> dict[str, int]:
    """How many of the interview's questions were declined, and how many never answered."""
    given = _given(row)
    order = applicable(cat, row)
    return {"questions": len(order),
            "declined": sum(1 for i in order if given.get(i) == "declined"),
            "unanswered": sum(1 for i in order if not given.get(i))}


def finish(row: Any, cat: Catalogue) -> tuple[list[str], Profile]:
    _require(row, "in_progress", "stopped")
    _require_consent(row)
    prof = profile_of(row)
    if prof is None:
        raise FlowError({"profile": _("record the person's age and situation first")})
    row.status = "completed"
    row.completed_at = timezone.now()
    row.stopped_at = None
    return present(row, cat), prof


def state(row: Any, cat: Catalogue, lang: str) -> dict[str, Any]:
    order = applicable(cat, row)
    answers = row.answers or {}
    reused = {k: v for k, v in (row.reused or {}).items() if k in order}
    questions = []
    for iid in order:
        indicator = cat.indicators[iid]
        questions.append({
            "id": iid, "question": texts.pick(indicator.question, lang),
            "guidance": texts.pick(indicator.guidance, lang),
            "element": indicator.element, "dimension": indicator.dimension,
            "answer": answers.get(iid) or (reused[iid]["answer"] if iid in reused else ""),
            "reused": reused.get(iid) if iid not in answers else None})
    pending = [q["id"] for q in questions if not q["answer"]]
    prof = profile_of(row)
    enough = False
    if prof is not None and row.status in ("in_progress", "stopped"):
        yes = present(row, cat)
        enough = bool(yes) and assessment.assess(cat, prof, yes, row.ruleset, lang)[
            "outcome"] == "reasonable_grounds"
    return {"id": str(row.pk), "case_id": str(row.case_id), "status": row.status,
            "mode": row.mode, "catalogue_version": row.catalogue_version,
            "ruleset": row.ruleset, "language": row.language,
            "consent": row.consent or {},
            "profile": row.profile or None, "questions": questions,
            "next": pending[0] if pending else None,
            "answered": len(order) - len(pending), "total": len(order),
            "enough_to_refer": enough,
            "created_at": row.created_at.isoformat(),
            "stopped_at": row.stopped_at.isoformat() if row.stopped_at else None,
            "completed_at": row.completed_at.isoformat() if row.completed_at else None}
