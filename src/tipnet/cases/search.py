"""Exact-match search over encrypted personal data, through blind indexes.

Indexed: every name part and whole name of the person and of aliases (kind ``name``), phone
numbers in E.164 (``phone``), e-mail addresses (``email``) and identity document numbers
(``document``). The index holds HMACs only; see tipnet.lib.crypto.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from tipnet.lib import normalise
from tipnet.lib.keys import keyring

from .models import Case, SearchDigest

KINDS = ("name", "phone", "email", "document")


def normalised_keys(kind: str, value: str, region: str = "") -> set[str]:
    if not value or not value.strip():
        return set()
    if kind == "name":
        return normalise.name_keys(value)
    if kind == "phone":
        n = normalise.phone(value, region)
        return {n} if n else set()
    if kind == "email":
        return {normalise.email(value)}
    if kind == "document":
        n = normalise.document(value)
        return {n} if n else set()
    raise ValueError(f"unknown search kind {kind!r}")


NAME_PARTS = ("given_name", "middle_name", "family_name")


def case_values(case: Case) -> Iterable[tuple[str, str]]:
    """(kind, plaintext) pairs of everything findable in a saved case."""
    return data_values({
        "person": {part: getattr(case.person, part) for part in NAME_PARTS},
        "aliases": [a.name for a in case.aliases.all()],
        "documents": [{"number": d.number} for d in case.documents.all()],
        "contacts": [{"kind": c.kind, "value": c.value} for c in case.contacts.all()],
    })


def data_values(item: dict) -> Iterable[tuple[str, str]]:
    """(kind, plaintext) pairs from case data in the shape validation.py cleans (so before a
    case is saved, too: the bulk path indexes from it)."""
    person = item.get("person", {})
    parts = [person.get(k, "") for k in NAME_PARTS]
    for part in parts:
        yield "name", part
    yield "name", " ".join(p for p in parts if p)
    for alias in item.get("aliases", []):
        yield "name", alias
    for doc in item.get("documents", []):
        yield "document", doc.get("number", "")
    for contact in item.get("contacts", []):
        if contact.get("kind") in ("phone", "email"):
            yield contact["kind"], contact.get("value", "")


def digests_for_case(case: Case) -> list[SearchDigest]:
    return [SearchDigest(case=case, kind=kind, digest=digest, key_id=kid)
            for kind, digest, kid in digest_rows(case_values(case), region_of(case.organisation))]


def region_of(organisation) -> str:  # type: ignore[no-untyped-def]
    """The region of phone numbers written without a country prefix: the organisation's."""
    return organisation.country.code if organisation.country else ""


def digest_rows(values: Iterable[tuple[str, str]], region: str) -> list[tuple[str, str, str]]:
    """(kind, digest, key id) for each distinct findable value, under the primary key."""
    ring = keyring()
    kid = ring.primary.kid
    digest = ring.digester()
    seen: set[tuple[str, str]] = set()  # a whole name's words are often its parts too
    rows = []
    for kind, value in values:
        for key in normalised_keys(kind, value, region):
            if (kind, key) not in seen:
                seen.add((kind, key))
                rows.append((kind, digest(kind, key), kid))
    return rows


def reindex(case: Case) -> None:
    SearchDigest.objects.filter(case=case).delete()
    SearchDigest.objects.bulk_create(digests_for_case(case))


def matching(kind: str, value: str, region: str = "") -> Q:
    """A filter on Case for an exact match of ``value`` (digests under every live key)."""
    ring = keyring()
    digests = [d for key in normalised_keys(kind, value, region) for d in ring.digests(kind, key)]
    if kind == "name":
        # A multi-word query must match the whole name, not any one of its words.
        whole = normalise.name(value)
        digests = ring.digests(kind, whole) if whole else []
    if not digests:
        return Q(pk__in=[])
    return Q(pk__in=SearchDigest.objects.filter(kind=kind, digest__in=digests)
             .values("case_id"))
