"""A case as plain data: what the API returns (and what pages could render as JSON)."""

from __future__ import annotations

from typing import Any

from . import sharing
from .models import Case


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def person_dict(case: Case) -> dict[str, Any]:
    p = case.person
    return {
        "id": str(p.id), "given_name": p.given_name, "middle_name": p.middle_name,
        "family_name": p.family_name, "birth_date": _iso(p.birth_date),
        "estimated_age": p.estimated_age, "age_basis": p.age_basis, "gender": p.gender,
        "citizenship": p.citizenship, "languages": p.languages,
        "marital_status": p.marital_status, "education_level": p.education_level,
        "age": p.age,
    }


def case_summary(case: Case) -> dict[str, Any]:
    return {
        "id": str(case.id), "reference": case.reference, "status": case.status,
        "trafficking_status": case.trafficking_status, "country": case.country.code or "",
        "identified_on": _iso(case.identified_on), "exploitation_types": case.exploitation_types,
        "person_name": case.person.display_name, "created_at": _iso(case.created_at),
        "updated_at": _iso(case.updated_at),
    }


def case_dict(case: Case, groups: frozenset[str] | None = None) -> dict[str, Any]:
    """The whole case, or (``groups`` given) only the field groups shared (see sharing)."""
    out = case_summary(case)
    out.update({
        "organisation": case.organisation.uuid and str(case.organisation.uuid),
        "owner": case.owner.username if case.owner else None,
        "team_id": case.team_id,
        "person": person_dict(case),
        "closure_reason": case.closure_reason,
        "agreement_to_manage_data": case.agreement_to_manage_data,
        "status_decided_by": case.status_decided_by,
        "relationship_to_trafficker": case.relationship_to_trafficker,
        "age_when_trafficked": case.age_when_trafficked,
        "sex_exploitation_types": case.sex_exploitation_types,
        "methods_of_control": case.methods_of_control,
        "recruitment_methods": case.recruitment_methods,
        "recruitment_websites": case.recruitment_websites,
        "exploitation_websites": case.exploitation_websites,
        "industry": case.industry, "vulnerabilities": case.vulnerabilities,
        "vulnerability_details": case.vulnerability_details, "narrative": case.narrative,
        "aliases": [a.name for a in case.aliases.all()],
        "documents": [{"id": str(d.id), "kind": d.kind, "number": d.number,
                       "issuing_country": d.issuing_country.code or "",
                       "expiry_date": _iso(d.expiry_date), "held_by_other": d.held_by_other}
                      for d in case.documents.all()],
        "contacts": [{"id": str(c.id), "kind": c.kind, "value": c.value,
                      "safe_to_contact": c.safe_to_contact, "notes": c.notes}
                     for c in case.contacts.all()],
        "movements": [{"id": str(m.id), "sequence": m.sequence, "stage": m.stage,
                       "from_country": m.from_country.code or "", "from_place": m.from_place,
                       "to_country": m.to_country.code or "", "to_place": m.to_place,
                       "departed_on": _iso(m.departed_on), "arrived_on": _iso(m.arrived_on),
                       "transport": m.transport, "border_crossing": m.border_crossing,
                       "description": m.description} for m in case.movements.all()],
        "perpetrators": [{"id": str(p.id), "name": p.name, "alias": p.alias,
                          "gender": p.gender, "nationality": p.nationality.code or "",
                          "roles": p.roles, "role_details": p.role_details}
                         for p in case.perpetrators.all()],
        "comments": [{"id": str(c.id), "author": c.author.username if c.author else None,
                      "text": c.text, "created_at": _iso(c.created_at)}
                     for c in case.comments.all()],
        "consents": [{"id": str(c.id), "scope": c.scope, "given": c.given,
                      "given_by": c.given_by, "given_by_name": c.given_by_name,
                      "given_at": _iso(c.given_at), "withdrawn_at": _iso(c.withdrawn_at),
                      "notes": c.notes} for c in case.consents.all()],
        "attachments": [{"id": str(a.id), "filename": a.filename,
                         "content_type": a.content_type, "size": a.size,
                         "sha256": a.sha256, "description": a.description,
                         "created_at": _iso(a.created_at)} for a in case.attachments.all()],
        "deleted": case.deleted_at is not None,
    })
    return out if groups is None else sharing.scoped(out, groups)
