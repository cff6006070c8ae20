"""The identification pages through the test client (the browser tests drive the same flow
in Chromium)."""

import re

import pytest

from tipnet.identification.interview_flow import CONSENT_POINTS
from tipnet.identification.models import Assessment, Interview, Screening

pytestmark = pytest.mark.django_db

RG = ["dr.nature_of_job", "dr.wages", "ex.excessive_hours", "ex.low_no_salary",
      "cd.documents", "cd.debt_bondage"]


@pytest.fixture
def signed_in(verified_client, caseworker, make_case):
    client = verified_client(caseworker)
    return client, make_case(caseworker)


def _start(client, case, mode="guided"):
    response = client.post(f"/identification/cases/{case.pk}/interviews/", {"mode": mode})
    assert response.status_code == 302
    return Interview.objects.get(case=case, mode=mode)


def _consent(client, row, **extra):
    data = {"explained": list(CONSENT_POINTS), "consent": "yes", "companion": "none", **extra}
    return client.post(f"/identification/interviews/{row.pk}/consent/", data)


def test_case_page_offers_interviews_and_screens(signed_in):
    client, case = signed_in
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="identification"' in page
    assert "Start an interview" in page and "QYIT" in page


def test_guided_interview_from_consent_to_result(signed_in):
    client, case = signed_in
    row = _start(client, case)
    page = client.get(f"/identification/interviews/{row.pk}/").content.decode()
    assert "Before any question: consent" in page
    bad = _consent(client, row, explained=["purpose"])
    assert bad.status_code == 400 and "explain every point" in bad.content.decode()
    assert _consent(client, row).status_code == 302
    profile = client.post(f"/identification/interviews/{row.pk}/profile/",
                          {"age": "35", "exploitation": "labour", "moved": "yes"})
    assert profile.status_code == 302
    page = client.get(f"/identification/interviews/{row.pk}/").content.decode()
    first = re.search(r'name="a:([\w.]+)" value="yes"', page).group(1)
    assert first == "act.recruited"
    assert "Question 1 of" in page and "Does not want to answer" in page
    client.post(f"/identification/interviews/{row.pk}/answers/", {f"a:{first}": "declined"})
    page = client.get(f"/identification/interviews/{row.pk}/").content.decode()
    assert 'name="a:act.transported"' in page  # moved on to the next question
    for iid in RG:
        client.post(f"/identification/interviews/{row.pk}/answers/", {f"a:{iid}": "yes"})
    page = client.get(f"/identification/interviews/{row.pk}/").content.decode()
    assert "There are already reasonable grounds" in page
    done = client.post(f"/identification/interviews/{row.pk}/complete/")
    made = Assessment.objects.get(interview=row)
    assert done["Location"] == f"/identification/assessments/{made.pk}/"
    page = client.get(done["Location"]).content.decode()
    assert "Reasonable grounds to believe the person is a victim of trafficking" in page
    assert "Deceptive recruitment: positive by rule (b)" in page
    assert "weight unverified" in page
    assert "not a finding" in page
    assert row.answers == {} or Interview.objects.get(pk=row.pk).answers["act.recruited"] == \
        "declined"


def test_stop_and_resume(signed_in):
    client, case = signed_in
    row = _start(client, case)
    _consent(client, row)
    client.post(f"/identification/interviews/{row.pk}/profile/",
                {"age_unknown": "1", "may_be_minor": "1", "exploitation": "sexual",
                 "moved": "no"})
    client.post(f"/identification/interviews/{row.pk}/answers/", {"a:act.recruited": "yes"})
    client.post(f"/identification/interviews/{row.pk}/stop/")
    page = client.get(f"/identification/interviews/{row.pk}/").content.decode()
    assert "Resume the interview" in page and "1 of" in page
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Resume" in case_page
    client.post(f"/identification/interviews/{row.pk}/resume/")
    page = client.get(f"/identification/interviews/{row.pk}/").content.decode()
    assert 'name="a:act.transported"' in page
    assert Interview.objects.get(pk=row.pk).profile["may_be_minor"] is True


def test_companion_present_blocks_questions(signed_in):
    client, case = signed_in
    row = _start(client, case)
    response = _consent(client, row, companion="present")
    assert response.status_code == 400
    assert "ask the companion to leave" in response.content.decode()
    assert Interview.objects.get(pk=row.pk).status == "consent"


def test_checklist_mode(signed_in):
    client, case = signed_in
    row = _start(client, case, mode="checklist")
    _consent(client, row)
    client.post(f"/identification/interviews/{row.pk}/profile/",
                {"age": "40", "exploitation": "labour", "moved": "yes"})
    page = client.get(f"/identification/interviews/{row.pk}/").content.decode()
    assert page.count('type="radio" name="a:') > 150  # every question on one page
    client.post(f"/identification/interviews/{row.pk}/answers/",
                {**{f"a:{i}": "yes" for i in RG}, "a:dr.housing": "no"})
    saved = Interview.objects.get(pk=row.pk).answers
    assert saved["dr.housing"] == "no" and saved["cd.documents"] == "yes"


def test_screening_page(signed_in):
    client, case = signed_in
    page = client.get(f"/identification/cases/{case.pk}/screenings/cst6/").content.decode()
    assert "Validated in" in page
    response = client.post(f"/identification/cases/{case.pk}/screenings/cst6/",
                           {"a:cst6.1": "yes", "a:cst6.2": "yes", "a:cst6.3": "no"})
    row = Screening.objects.get(case=case)
    assert response["Location"] == f"/identification/screenings/{row.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Positive screen: refer for a full assessment" in page
    assert "84%" in page and "reason to refer, not a finding" in page
    assert client.get(f"/identification/cases/{case.pk}/screenings/nope/").status_code == 404


def test_another_organisations_pages_are_404(signed_in, verified_client, other_org, make_user):
    client, case = signed_in
    row = _start(client, case)
    stranger = verified_client(make_user(other_org, "org_admin", username="there"))
    assert stranger.get(f"/identification/interviews/{row.pk}/").status_code == 404
    assert stranger.post(f"/identification/interviews/{row.pk}/stop/").status_code == 404
    assert stranger.post(f"/identification/cases/{case.pk}/interviews/").status_code == 404


def test_a_deleted_case_still_opens_for_its_administrators(verified_client, org_admin,
                                                           make_case):
    from tipnet.cases import services as case_services

    case = make_case(org_admin)
    case_services.delete_case(org_admin, case.pk)
    client = verified_client(org_admin)
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert 'id="identification"' in page.content.decode()
    assert "Start an interview" not in page.content.decode()  # nothing new on a deleted case


def test_an_empty_age_is_not_unknown(signed_in):
    client, case = signed_in
    row = _start(client, case)
    _consent(client, row)
    response = client.post(f"/identification/interviews/{row.pk}/profile/",
                           {"age": "", "exploitation": "labour", "moved": "yes"})
    assert response.status_code == 400
    assert "Age not known" in response.content.decode()
    assert Interview.objects.get(pk=row.pk).profile == {}
