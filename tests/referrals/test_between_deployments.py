"""A referral between two real deployments (two databases, two ports): it goes from A to B
holding only the consented fields, B accepts (and gets a case of its own), the acceptance
and the completion come back to A; with B down while A sends, the referral arrives exactly
once when B is back."""

from __future__ import annotations

import uuid

import pytest

from tests.federation.servers import wait_for

pytestmark = pytest.mark.slow


SETUP_A = """
from tipnet.accounts.models import Organisation, User
from tipnet.cases import notes, services as cases
org, _ = Organisation.objects.get_or_create(case_prefix="NGA", defaults=dict(
    name="Safe Passage (A)", kind="ngo", country="NP"))
user = User.objects.filter(username="a.caseworker").first() or User.objects.create_user(
    "a.caseworker", password="correct horse battery", organisation=org, role="supervisor")
case = cases.create_case(user, {"person": {"given_name": "Mira", "family_name": "Testcase",
    "gender": "Feminine", "languages": ["ne"]}, "country": "IN",
    "narrative": "Private narrative that must not travel.",
    "exploitation_types": ["ForcedLabour"]})
for scope in ("share_with_organisations", "services"):
    notes.record_consent(user, case.pk, {"scope": scope, "given_by_name": "Mira's sister"})
result = str(case.pk)
"""

SETUP_B = """
from tipnet.accounts.models import Organisation, User
org, _ = Organisation.objects.get_or_create(case_prefix="SHB", defaults=dict(
    name="Harbour Shelter (B)", kind="shelter", country="IN"))
User.objects.filter(username="b.caseworker").first() or User.objects.create_user(
    "b.caseworker", password="correct horse battery", organisation=org, role="caseworker")
result = str(org.uuid)
"""


def send_from_a(a, case_id, b_org, service="EmergencyShelter"):
    return a.query(f"""
from tipnet.accounts.models import User
from tipnet.federation.models import Peer
from tipnet.referrals import services
user = User.objects.get(username="a.caseworker")
r = services.send(user, {case_id!r}, {{"peer": Peer.objects.get(name="B").pk,
    "to_organisation": {b_org!r}, "to_organisation_name": "Harbour Shelter (B)",
    "service_type": {service!r}, "groups": ["identity"], "message": "A bed tonight?"}},
    via="cli")
result = str(r.pk)
""")


def referral_on(deployment, pk):
    return deployment.query(f"""
from tipnet.referrals.models import Referral
r = Referral.objects.filter(pk={pk!r}).first()
result = r and dict(status=r.status, inbound=r.inbound, outbound=r.outbound,
                    case=str(r.case_id or ""), package=r.package, reason=r.status_reason,
                    to=r.to_organisation_id, name=r.from_name)
""")


def answer_on_b(b, pk, action, reason=""):
    return b.query(f"""
from tipnet.accounts.models import User
from tipnet.referrals import services
r = services.change(User.objects.get(username="b.caseworker"), {pk!r}, {action!r},
                    {reason!r}, via="cli")
result = r.status
""")


def test_a_referral_goes_to_b_and_its_answers_come_back(deployments):
    a, b = deployments.a, deployments.b
    case_id = a.query(SETUP_A)
    b_org = b.query(SETUP_B)
    a.start_worker()
    b.start_worker()
    try:
        pk = send_from_a(a, case_id, b_org)
        arrived = wait_for(lambda: referral_on(b, pk))
        assert arrived and arrived["inbound"] and arrived["status"] == "sent"
        assert arrived["name"] == "Safe Passage (A) (via A)"
        package = arrived["package"]
        assert package["prs_FirstName"] == "Mira"  # identity was shared
        assert "x_tipnet_Narrative" not in package  # the narrative was not
        assert all("x_tipnet_GivenByName" not in c for c in package["con_Consents"])

        assert answer_on_b(b, pk, "accept", "We have a bed.") == "accepted"
        on_b = referral_on(b, pk)
        assert on_b["case"]  # B made a case of its own from the package
        made = b.query(f"""
from tipnet.cases.models import Case
c = Case.objects.select_related("person").get(pk={on_b['case']!r})
result = dict(name=c.person.given_name, narrative=c.narrative, org=c.organisation.name,
              consents=sorted(x.scope for x in c.consents.all()))
""")
        assert made == {"name": "Mira", "narrative": "", "org": "Harbour Shelter (B)",
                        "consents": ["services", "share_with_organisations"]}
        assert wait_for(lambda: referral_on(a, pk)["status"] == "accepted")
        answer_on_b(b, pk, "complete", "Stayed a week.")
        back = wait_for(lambda: (lambda r: r if r["status"] == "completed" else None)(
            referral_on(a, pk)))
        assert back and back["reason"] == "Stayed a week." and back["outbound"]
    finally:
        a.stop_workers()
        b.stop_workers()


def test_b_down_while_a_sends_then_the_referral_arrives_exactly_once(deployments):
    a, b = deployments.a, deployments.b
    case_id = a.query(SETUP_A)
    b_org = b.query(SETUP_B)
    with b.stopped():
        pk = send_from_a(a, case_id, b_org, service="LegalAid")
        a.start_worker()
        tried = wait_for(lambda: a.query(
            "from tipnet.federation.models import OutboxMessage as M\n"
            f"m = M.objects.get(idempotency_key='referral:{pk}:sent')\n"
            "result = m.attempts if m.status == 'pending' and m.attempts >= 2 else 0"))
        assert tried >= 2  # A kept trying while B was down
    try:
        assert wait_for(lambda: referral_on(b, pk))
        assert wait_for(lambda: a.query(
            "from tipnet.federation.models import OutboxMessage as M\n"
            f"result = M.objects.get(idempotency_key='referral:{pk}:sent').status == "
            "'delivered'"))
        count = b.query("from tipnet.referrals.models import Referral\n"
                        f"result = Referral.objects.filter(pk={pk!r}).count()")
        inbox = b.query("from tipnet.federation.models import InboxMessage as M\n"
                        f"result = M.objects.filter(idempotency_key='referral:{pk}:sent')"
                        ".count()")
        assert (count, inbox) == (1, 1)
    finally:
        a.stop_workers()


def test_a_package_for_an_unknown_organisation_is_refused_for_good(deployments):
    a, b = deployments.a, deployments.b
    case_id = a.query(SETUP_A)
    b.query(SETUP_B)
    pk = send_from_a(a, case_id, str(uuid.uuid4()), service="MedicalCare")
    a.start_worker()
    try:
        failed = wait_for(lambda: a.query(
            "from tipnet.federation.models import OutboxMessage as M\n"
            f"m = M.objects.get(idempotency_key='referral:{pk}:sent')\n"
            "result = m.status == 'failed' and m.last_error"))
        assert failed and "to_organisation" in failed
        assert referral_on(b, pk) is None
    finally:
        a.stop_workers()
