"""Hotline contacts: what pages, the API and (later) public reports and messaging webhooks may
do with them.

Every contact is triaged (operator's flags + danger words in the narrative) and its entities
extracted when it is recorded; personal entities are stored as keyed digests that compare with
the cases' blind index, so ``related`` finds earlier tips and cases sharing a phone number,
e-mail, handle, URL or plate, and near-duplicate text (keyed MinHash bands).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tipnet.accounts.models import Organisation
from tipnet.accounts.services import member_emails
from tipnet.audit import services as audit
from tipnet.cases import services as cases
from tipnet.cases.access import as_uuid
from tipnet.codelists import services as codelists
from tipnet.lib.keys import keyring
from tipnet.lib.mail import send_or_log

from . import extract, textbands
from .models import URGENCY_RANK, AnonymousNotification, Contact, ContactEntity

log = logging.getLogger(__name__)
PermissionDenied = cases.PermissionDenied
MAX_NARRATIVE = 20_000
MAX_SHORT = 500
PERSONAL = ("phone", "email", "handle", "url", "plate")


class IntakeError(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def require(user: Any, permission: str, via: str) -> None:
    if not (getattr(user, "is_authenticated", False) and user.organisation_id
            and user.organisation.is_active and user.can(permission)):
        cases.deny(user, permission, via=via, object_type="intake.contact")


def _code(data: dict[str, Any], key: str, listname: str, errors: dict[str, str], *,
          required: bool = False) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        errors[key] = "must be a code"
        return ""
    if not value:
        if required:
            errors[key] = "is required"
        return ""
    if value not in codelists.get(listname).codes:
        errors[key] = "is not in the list"
    return value


def _text(data: dict[str, Any], key: str, limit: int, errors: dict[str, str]) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        errors[key] = "must be text"
        return ""
    if len(value) > limit:
        errors[key] = f"must be at most {limit:,} characters"
    return value.strip()


def clean(data: Any) -> dict[str, Any]:
    """A contact's fields, checked; raises IntakeError with every problem."""
    if not isinstance(data, dict):
        raise IntakeError({"": "expected an object"})
    errors: dict[str, str] = {}
    out = {
        "channel": _code(data, "channel", "contact_channel", errors, required=True),
        "caller_type": _code(data, "caller_type", "caller_type", errors),
        "language": _code(data, "language", "language", errors),
        "country": _code(data, "country", "country", errors),
        "narrative": _text(data, "narrative", MAX_NARRATIVE, errors),
        "location": _text(data, "location", MAX_SHORT, errors),
        "caller_name": _text(data, "caller_name", MAX_SHORT, errors),
        "caller_contact": _text(data, "caller_contact", MAX_SHORT, errors),
    }
    flags = data.get("flags") or []
    known = set(codelists.get("danger_flag").codes)
    if not isinstance(flags, list) or not all(isinstance(f, str) and f in known
                                              for f in flags):
        errors["flags"] = "must be a list of danger-sign codes"
        flags = []
    out["flags"] = sorted(set(flags))
    if not out["narrative"] and not out["caller_contact"]:
        errors["narrative"] = "say what was reported"
    if errors:
        raise IntakeError(errors)
    return out


def _searchable(narrative: str, caller_contact: str) -> str:
    """The text of a contact that entities are found in: what was said and how to reach them."""
    return "\n".join(p for p in (narrative, caller_contact) if p)


def _found(contact_text: str, organisation: Organisation, country: str, lang: str) -> list[Any]:
    """The entities of a contact's text. A number written without its country code is read
    in the organisation's country (as the cases' index reads it) and, when the contact is
    about another country, in that one too: both readings are kept, so the tip links either
    way."""
    home = cases.region_of(organisation)
    found = extract.entities(contact_text, region=home, lang=lang)
    if country and country != home:
        seen = {(e.kind, e.value) for e in found}
        found += [e for e in extract.entities(contact_text, region=country, lang=lang)
                  if e.kind == "phone" and (e.kind, e.value) not in seen]
    return found


def _entity_rows(contact: Contact, found: list[Any]) -> list[ContactEntity]:
    ring = keyring()
    kid = ring.primary.kid
    rows, seen = [], set()
    for entity in found:
        if entity.kind in PERSONAL:
            digest = ring.digest(entity.kind, entity.value)
            key = (entity.kind, digest)
            row = ContactEntity(contact=contact, organisation_id=contact.organisation_id,
                                kind=entity.kind, digest=digest, key_id=kid)
        else:
            key = (entity.kind, entity.value)
            row = ContactEntity(contact=contact, organisation_id=contact.organisation_id,
                                kind=entity.kind, value=str(entity.value)[:120])
        if key not in seen:
            seen.add(key)
            rows.append(row)
    for band in textbands.bands(contact.narrative):
        rows.append(ContactEntity(contact=contact, organisation_id=contact.organisation_id,
                                  kind="text", digest=band, key_id=kid))
    return rows


def record(user: Any, data: Any, *, via: str = "web") -> Contact:
    """Log a contact for the user's organisation: checked, triaged, entities extracted."""
    require(user, "intake.log", via)
    cleaned = clean(data)
    return _save(user.organisation, cleaned, user=user, via=via)


def receive_public(organisation: Organisation, data: Any) -> Contact:
    """A report from the public page: no user, nothing about the reporter but what they
    chose to write. Audited without any detail of who sent it."""
    cleaned = clean({**(data if isinstance(data, dict) else {}), "channel": "web_report",
                     "caller_type": "", "caller_name": ""})
    return _save(organisation, cleaned, user=None, via="public")


def receive_message(organisation: Organisation, data: dict[str, Any]) -> Contact:
    """The first message of a conversation from a messaging channel (see messaging)."""
    cleaned = clean({**data, "caller_type": "", "caller_name": ""})
    return _save(organisation, cleaned, user=None, via="sms")


def add_to_conversation(contact: Contact, body: str) -> None:
    """A later message of the same sender: added to the contact's text, its entities found
    again and its urgency raised if the new words call for it (never lowered by itself).
    Called inside the caller's transaction."""
    if not body:
        return
    contact.narrative = f"{contact.narrative}\n{body}"[-MAX_NARRATIVE:]
    fields = ["narrative", "updated_at"]
    triage = extract.triage(contact.narrative, set(contact.flags), lang=contact.language)
    if URGENCY_RANK[triage.level] < contact.urgency_rank:
        contact.urgency, contact.urgency_rank = triage.level, URGENCY_RANK[triage.level]
        contact.urgency_reasons = list(triage.reasons)
        fields += ["urgency", "urgency_rank", "urgency_reasons"]
        if triage.level == "immediate":
            transaction.on_commit(lambda: alert_on_call(contact))
    contact.save(update_fields=fields)
    reindex(contact.pk)


def _save(organisation: Organisation, cleaned: dict[str, Any], *, user: Any,
          via: str) -> Contact:
    text = _searchable(cleaned["narrative"], cleaned["caller_contact"])
    found = _found(text, organisation, cleaned["country"], cleaned["language"])
    triage = extract.triage(cleaned["narrative"], set(cleaned["flags"]),
                            lang=cleaned["language"])
    extra: dict[str, Any] = {}
    if via == "public":
        # Rounded down to the quarter hour: a web server's log line at the same second would
        # otherwise say who sent it.
        now = timezone.now()
        extra["received_at"] = now.replace(minute=now.minute - now.minute % 15, second=0,
                                           microsecond=0)
    with transaction.atomic():
        contact = Contact.objects.create(
            organisation=organisation, logged_by=user, urgency=triage.level, **extra,
            urgency_rank=URGENCY_RANK[triage.level], urgency_reasons=list(triage.reasons),
            **cleaned)
        ContactEntity.objects.bulk_create(_entity_rows(contact, found))
        _group(contact)
        audit.record("create", user=user, obj=contact, via=via,
                     organisation_id=organisation.pk,
                     detail={"channel": contact.channel, "urgency": contact.urgency})
        if contact.urgency == "immediate" and _may_alert(organisation.pk, via):
            transaction.on_commit(lambda: alert_on_call(contact))
    return contact


def _may_alert(organisation_id: int, via: str) -> bool:
    """Anyone can tick "in danger" on the public page: at most one on-call e-mail per
    organisation every ten minutes for public reports (the queue shows every one)."""
    if via != "public":
        return True
    from django.core.cache import cache

    return cache.add(f"public-alert:{organisation_id}", 1, timeout=600)


def reindex(contact_id: Any) -> None:
    """Make a contact's entity digests again (under the primary key: after key rotation)."""
    with transaction.atomic():
        contact = Contact.objects.select_for_update().select_related("organisation") \
            .filter(pk=contact_id).first()
        if contact is None:
            return
        text = _searchable(contact.narrative, contact.caller_contact)
        found = _found(text, contact.organisation, contact.country.code, contact.language)
        contact.entities.all().delete()
        ContactEntity.objects.bulk_create(_entity_rows(contact, found))


POPULAR = 50  # a digest in more contacts than this is a hotline's or an embassy's number


def _distinctive(organisation_id: int, digests: list[str]) -> list[str]:
    """The digests that say something: not those in more than POPULAR contacts. One query;
    each digest is counted only up to POPULAR + 1 through the (organisation, digest) index,
    so a number in a hundred thousand tips costs no more than a rare one."""
    wanted = list(dict.fromkeys(digests))
    if not wanted:
        return []
    table = ContactEntity._meta.db_table
    rows = ", ".join(["(%s)"] * len(wanted))
    # Only the model's table name, placeholders and a constant go into the text.
    sql = (f"SELECT d.column1, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} e "  # noqa: S608
           f"WHERE e.organisation_id = %s AND e.digest = d.column1 LIMIT {POPULAR + 1}) x) "
           f"FROM (VALUES {rows}) AS d")
    with connection.cursor() as cursor:
        cursor.execute(sql, [organisation_id, *wanted])
        counts = dict(cursor.fetchall())
    return [d for d in wanted if counts.get(d, 0) <= POPULAR]


def _group(contact: Contact) -> None:
    """Mark a new contact as a repeat of the group it shares a distinctive entity or text
    with: the earliest such contact's group (so a group has one first contact)."""
    digests = _distinctive(contact.organisation_id, list(
        contact.entities.exclude(digest="").values_list("digest", flat=True)))
    if not digests:
        return
    # Contact ids are time-ordered (UUID version 7): the smallest is the earliest logged.
    # At most POPULAR rows per digest: read them and take the smallest here (asking the
    # database to sort makes it walk the contact index instead).
    first_id = min((c for c in ContactEntity.objects.filter(
        organisation_id=contact.organisation_id, digest__in=digests)
        .values_list("contact_id", flat=True) if c != contact.pk), default=None)
    if first_id is not None:
        root = Contact.objects.filter(pk=first_id).values_list("repeat_of_id", flat=True).first()
        contact.repeat_of_id = root or first_id
        contact.save(update_fields=["repeat_of", "updated_at"])


# -- reading ---------------------------------------------------------------------------------

def queue(user: Any, *, include_closed: bool = False) -> QuerySet[Contact]:
    """The organisation's contacts, most urgent first, newest first within a level."""
    if not (getattr(user, "is_authenticated", False) and user.organisation_id
            and user.can("intake.view")):
        return Contact.objects.none()
    qs = Contact.objects.filter(organisation_id=user.organisation_id)
    if not include_closed:
        qs = qs.exclude(status="closed")
    return qs.order_by("urgency_rank", "-received_at")


def search(user: Any, text: str, *, via: str = "web") -> QuerySet[Contact]:
    """The organisation's contacts (closed too) mentioning the phone numbers, e-mail
    addresses, handles, URLs or plates found in ``text`` — exact matches through the blind
    index. Audited with the kinds searched for, never the values."""
    region = cases.region_of(user.organisation)
    found = [e for e in extract.entities(text or "", region=region) if e.kind in PERSONAL]
    audit.record("search", user=user, object_type="intake.contact", via=via,
                 detail={"filters": sorted({e.kind for e in found})})
    if not found:
        return Contact.objects.none()
    ring = keyring()
    digests = {d for e in found for d in ring.digests(e.kind, e.value)}
    ids = ContactEntity.objects.filter(organisation_id=user.organisation_id,
                                       digest__in=digests).values("contact_id")
    return queue(user, include_closed=True).filter(pk__in=ids)


def get(user: Any, contact_id: Any, *, via: str = "web", audit_view: bool = True) -> Contact:
    pk = as_uuid(contact_id)
    contact = queue(user, include_closed=True).filter(pk=pk).first() if pk else None
    if contact is None:
        audit.record("denied", user=user, object_type="intake.contact",
                     object_id=str(pk) if pk else "", via=via,
                     detail={"reason": "not visible"})
        raise Http404("No such contact.")
    if audit_view:
        audit.record("view", user=user, obj=contact, via=via)
    return contact


@dataclass
class Related:
    contacts: list[tuple[Contact, list[str]]] = field(default_factory=list)
    cases: list[tuple[Any, list[str]]] = field(default_factory=list)


def related(user: Any, contact: Contact, *, limit: int = 20) -> Related:
    """Earlier and later contacts of the organisation, and cases the user may see, that share
    a personal entity with ``contact`` (or, for contacts, near-duplicate text); with what
    they share (kinds, never values)."""
    mine = list(contact.entities.exclude(digest=""))
    out = Related()
    if not mine:
        return out
    distinctive = set(_distinctive(contact.organisation_id, [e.digest for e in mine]))
    by_pair = {(e.kind, e.digest) for e in mine if e.digest in distinctive}
    shared: dict[Any, set[str]] = {}
    for row in ContactEntity.objects.filter(
            organisation_id=contact.organisation_id, digest__in={d for _, d in by_pair}
            ).exclude(contact_id=contact.pk).order_by("-contact_id").values(
            "contact_id", "kind", "digest")[:2000]:
        if (row["kind"], row["digest"]) in by_pair:
            shared.setdefault(row["contact_id"], set()).add(row["kind"])  # entity_kind codes
    found = {c.pk: c for c in Contact.objects.filter(pk__in=list(shared)[:200])}
    ranked = sorted(found.values(), key=lambda c: (-len(shared[c.pk]), -c.received_at.timestamp()))
    out.contacts = [(c, sorted(shared[c.pk])) for c in ranked[:limit]]
    pairs = [(e.kind, e.digest) for e in mine if e.kind in ("phone", "email")]
    out.cases = cases.cases_sharing_digests(user, pairs)[:limit]
    return out


# -- acting on a contact ---------------------------------------------------------------------

def _locked(user: Any, contact_id: Any, via: str) -> Contact:
    contact = get(user, contact_id, via=via, audit_view=False)
    return Contact.objects.select_for_update().get(pk=contact.pk)


def link_case(user: Any, contact_id: Any, case_id: Any, *, via: str = "web") -> Contact:
    """Link the contact to a case the user may change (of their organisation)."""
    require(user, "intake.log", via)
    access = cases.get_case(user, case_id, permission="case.change", via=via, group="own")
    with transaction.atomic():
        contact = _locked(user, contact_id, via)
        contact.case = access.case
        contact.status = "in_progress" if contact.status == "new" else contact.status
        contact.handled_by = contact.handled_by or user
        contact.save()
        audit.record("update", user=user, obj=contact, via=via,
                     detail={"linked_case": str(access.case.pk)})
    return contact


def open_case(user: Any, contact_id: Any, *, via: str = "web") -> Any:
    """Turn a contact into a new case: its narrative, language and the phone numbers and
    e-mail addresses it gave, in a case the operator completes afterwards."""
    require(user, "intake.log", via)
    contact = get(user, contact_id, via=via, audit_view=False)
    if contact.case_id:
        raise IntakeError({"case": "this contact is already linked to a case"})
    region = contact.country.code or cases.region_of(user.organisation)
    text = _searchable(contact.narrative, contact.caller_contact)
    found = extract.entities(text, region=region, lang=contact.language)
    data: dict[str, Any] = {
        "narrative": contact.narrative,
        "person": {"languages": [contact.language]} if contact.language else {},
        "contacts": [{"kind": e.kind, "value": e.value} for e in found
                     if e.kind in ("phone", "email")][:10],
    }
    if contact.country:
        data["country"] = contact.country.code
    with transaction.atomic():
        case = cases.create_case(user, data, via=via)
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        contact.case, contact.status = case, "in_progress"
        contact.handled_by = contact.handled_by or user
        contact.save()
        audit.record("update", user=user, obj=contact, via=via,
                     detail={"opened_case": str(case.pk)})
    return case


def set_status(user: Any, contact_id: Any, status: str, *, via: str = "web") -> Contact:
    require(user, "intake.log", via)
    if status not in codelists.get("contact_status").codes:
        raise IntakeError({"status": "is not a contact status"})
    with transaction.atomic():
        contact = _locked(user, contact_id, via)
        contact.status = status
        contact.closed_at = timezone.now() if status == "closed" else None
        contact.handled_by = contact.handled_by or user
        contact.save()
        audit.record("update", user=user, obj=contact, via=via, detail={"status": status})
    return contact


def notify_anonymously(user: Any, data: Any, *, via: str = "web") -> AnonymousNotification:
    """File a notification with no identifying data (an adult who does not consent to be
    referred): counted in statistics, traceable to nobody."""
    require(user, "intake.log", via)
    if not isinstance(data, dict):
        raise IntakeError({"": "expected an object"})
    errors: dict[str, str] = {}
    gender = _code(data, "gender", "gender", errors)
    citizenship = _code(data, "citizenship", "country", errors)
    where = _code(data, "country_of_exploitation", "country", errors)
    bands = {b for b, _ in AnonymousNotification.AGE_BANDS}
    age_band = data.get("age_band") or "unknown"
    if age_band not in bands:
        errors["age_band"] = "is not an age band"
    types = data.get("exploitation_types") or []
    known = set(codelists.get("exploitation_type").codes)
    if not isinstance(types, list) or not all(t in known for t in types):
        errors["exploitation_types"] = "must be a list of exploitation-type codes"
    unexpected = set(data) - {"gender", "citizenship", "country_of_exploitation", "age_band",
                              "exploitation_types", "notified_on"}
    if unexpected:
        # Nothing identifying may slip in under another name.
        errors[sorted(unexpected)[0]] = "is not part of an anonymous notification"
    if errors:
        raise IntakeError(errors)
    with transaction.atomic():
        made = AnonymousNotification.objects.create(
            organisation=user.organisation, gender=gender, age_band=age_band,
            citizenship=citizenship, country_of_exploitation=where,
            exploitation_types=sorted(set(types)), created_by=user)
        audit.record("create", user=user, obj=made, via=via)
    return made


# -- alerts ----------------------------------------------------------------------------------

def alert_on_call(contact: Contact) -> None:
    """E-mail the organisation's on-call members (``intake.on_call``) about a contact in
    immediate danger: a link, never what was said."""
    link = settings.TIPNET_BASE_URL + reverse("intake:detail", args=[contact.pk])
    send_or_log("[tipnet] Immediate danger: a new contact is at the top of the queue",
                f"A contact received {contact.received_at:%H:%M} UTC is marked immediate "
                f"danger.\n{link}\n", member_emails(contact.organisation_id, "intake.on_call"),
                what="on-call alert", log=log)
