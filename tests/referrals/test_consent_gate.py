"""The consent gate as a pure function: which records open it and which close it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from tipnet.referrals.consent import check

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ORG = "0b6f6c1e-8f33-4b4e-9d0a-0f6a3c2d1e11"
OTHER = "5d7c9e4a-1b2c-4d3e-8f9a-abcdefabcdef"


def rec(scope, given=True, at=0, withdrawn=False, organisations=()):
    return SimpleNamespace(scope=scope, given=given, given_at=T0 + dt.timedelta(days=at),
                           withdrawn_at=T0 if withdrawn else None,
                           organisations=list(organisations))


def test_no_consent_closes_the_gate_naming_what_is_missing():
    gate = check([], "referral", ORG)
    assert not gate.open
    assert gate.missing == ["share_with_organisations", "services"]


def test_referral_needs_both_sharing_and_services_transfer_only_sharing():
    share = [rec("share_with_organisations")]
    assert check(share, "referral", ORG).missing == ["services"]
    assert check(share, "transfer", ORG).open
    assert check(share + [rec("services")], "referral", ORG).open


def test_a_refusal_after_a_consent_closes_it_and_a_later_consent_reopens_it():
    records = [rec("share_with_organisations", at=0), rec("services"),
               rec("share_with_organisations", given=False, at=1)]
    assert not check(records, "referral", ORG).open
    records.append(rec("share_with_organisations", at=2))
    assert check(records, "referral", ORG).open


def test_a_withdrawn_consent_counts_for_nothing():
    records = [rec("share_with_organisations", withdrawn=True), rec("services")]
    assert check(records, "referral", ORG).missing == ["share_with_organisations"]


def test_a_withdrawn_refusal_leaves_the_earlier_consent_in_force():
    records = [rec("share_with_organisations", at=0), rec("services"),
               rec("share_with_organisations", given=False, at=1, withdrawn=True)]
    assert check(records, "referral", ORG).open


def test_consent_limited_to_named_organisations_covers_only_those():
    records = [rec("share_with_organisations", organisations=[OTHER]), rec("services")]
    assert not check(records, "referral", ORG).open
    assert check(records, "referral", OTHER).open
