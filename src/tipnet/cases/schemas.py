"""API shapes for cases (they document the API; validation of values is in validation.py)."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class PersonIn(_In):
    given_name: str | None = None
    middle_name: str | None = None
    family_name: str | None = None
    birth_date: str | None = None
    estimated_age: int | None = None
    age_basis: str | None = None
    gender: str | None = None
    citizenship: list[str] | None = None
    languages: list[str] | None = None
    marital_status: str | None = None
    education_level: str | None = None


class DocumentIn(_In):
    kind: str
    number: str
    issuing_country: str | None = None
    expiry_date: str | None = None
    held_by_other: bool | None = None


class ContactIn(_In):
    kind: str
    value: str
    safe_to_contact: bool | None = None
    notes: str | None = None


class MovementIn(_In):
    sequence: int | None = None
    stage: str | None = None
    from_country: str | None = None
    from_place: str | None = None
    to_country: str | None = None
    to_place: str | None = None
    departed_on: str | None = None
    arrived_on: str | None = None
    transport: str | None = None
    border_crossing: str | None = None
    description: str | None = None


class PerpetratorIn(_In):
    name: str | None = None
    alias: str | None = None
    gender: str | None = None
    nationality: str | None = None
    roles: list[str] | None = None
    role_details: str | None = None


class CaseIn(_In):
    person: PersonIn | None = None
    status: str | None = None
    closure_reason: str | None = None
    country: str | None = None
    identified_on: str | None = None
    agreement_to_manage_data: bool | None = None
    trafficking_status: str | None = None
    status_decided_by: str | None = None
    relationship_to_trafficker: str | None = None
    age_when_trafficked: int | None = None
    exploitation_types: list[str] | None = None
    sex_exploitation_types: list[str] | None = None
    methods_of_control: list[str] | None = None
    recruitment_methods: list[str] | None = None
    recruitment_websites: list[str] | None = None
    exploitation_websites: list[str] | None = None
    industry: str | None = None
    vulnerabilities: list[str] | None = None
    vulnerability_details: str | None = None
    narrative: str | None = None
    team_id: int | None = None
    aliases: list[str] | None = None
    documents: list[DocumentIn] | None = None
    contacts: list[ContactIn] | None = None
    movements: list[MovementIn] | None = None
    perpetrators: list[PerpetratorIn] | None = None


class CaseSummaryOut(Schema):
    id: str
    reference: str
    status: str
    trafficking_status: str
    country: str
    identified_on: str | None
    exploitation_types: list[str]
    person_name: str
    created_at: str
    updated_at: str


class CasePage(Schema):
    count: int
    count_capped: bool
    page: int
    page_size: int
    results: list[CaseSummaryOut]


class CommentIn(_In):
    text: str


class ConsentIn(_In):
    scope: str
    given: bool = True
    given_by: str | None = "person"
    given_by_name: str | None = None
    given_at: str | None = None
    notes: str | None = None
    organisations: list[str] = []


class EraseIn(_In):
    confirm_reference: str
    request_reference: str


class AccessLogEntryOut(Schema):
    seq: int
    at: str
    action: str
    username: str
    via: str
    object_type: str


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None
