"""The identification API: catalogue, stateless assessment, screenings, interviews; tenancy."""

import pytest

from tipnet.accounts.roles import roles
from tipnet.audit.models import AuditEntry
from tipnet.identification.interview_flow import CONSENT_POINTS

pytestmark = pytest.mark.django_db

RG = ["dr.nature_of_job", "dr.wages", "ex.excessive_hours", "ex.low_no_salary",
      "cd.documents", "cd.debt_bondage"]


def test_catalogue_in_a_language(api, caseworker):
    response = api(caseworker).get("/api/identification/catalogue", lang="ar")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "2026.1" and body["language"] == "ar"
    wages = next(i for i in body["indicators"] if i["id"] == "dr.wages")
    assert wages["dimension"] == "deceptive_recruitment" and wages["element"] == "means"
    assert wages["weights"] == {"adult_labour": "medium", "adult_sexual": "medium",
                                "child_labour": "medium", "child_sexual": "medium"}
    assert wages["weights_verified"] is False
    assert wages["since"] == "2026.1"
    assert any("\u0600" <= ch <= "\u06ff" for ch in wages["question"])
    assert wages["source"] == {"framework": "ILO-EC-Delphi-2009", "verified": False,
                               "ref": wages["source"]["ref"]}
    assert "WCMS_105023" in wages["source"]["ref"]


def test_catalogue_needs_a_token(client):
    assert client.get("/api/identification/catalogue").status_code == 401


def test_assess_is_stateless_and_explains(api, caseworker):
    before = AuditEntry.objects.count()
    response = api(caseworker).post("/api/identification/assess",
                                    {"age": 30, "exploitation": "labour", "indicators": RG})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["outcome"] == "reasonable_grounds"
    assert body["ruleset"] == {"id": "delphi-2009", "version": "1"}
    assert {d["id"]: d["rule"] for d in body["dimensions"] if d["positive"]} == {
        "deceptive_recruitment": "b", "exploitative_conditions": "b",
        "coercion_at_destination": "a"}
    assert AuditEntry.objects.count() == before  # nothing stored, nothing about a person


def test_survey_rules_are_for_adults(api, caseworker):
    body = api(caseworker).post("/api/identification/assess", {
        "age": "unknown_may_be_minor", "exploitation": "labour", "ruleset": "ilo-survey-2012",
        "indicators": ["act.transported", "ex.excessive_hours", "ex.hazardous_work"]}).json()
    assert not any("presumption of minority" in line for line in body["explanation"])
    assert any("made for adult migrant workers" in c for c in body["caveats"])


def test_assess_presumption_of_minority(api, caseworker):
    body = api(caseworker).post("/api/identification/assess", {
        "age": "unknown_may_be_minor", "exploitation": "sexual",
        "indicators": ["act.transported", "ex.sexual_services", "ex.excessive_hours"]}).json()
    assert body["profile"]["presumed_minor"] is True
    assert body["outcome"] == "reasonable_grounds"


@pytest.mark.parametrize("payload, field", [
    ({"age": 30, "exploitation": "labour", "indicators": ["nope"]}, "indicators"),
    ({"age": 30, "exploitation": "organs", "indicators": []}, "exploitation"),
    ({"age": "old", "exploitation": "labour", "indicators": []}, "age"),
    ({"age": True, "exploitation": "labour", "indicators": []}, "age"),
    ({"age": 30, "exploitation": "labour", "indicators": "dr.wages"}, "indicators"),
    ({"age": 30, "exploitation": "labour", "indicators": [], "ruleset": "mine"}, "ruleset"),
    ({"age": 30, "exploitation": "labour", "indicators": [], "catalogue_version": "1999.1"},
     "catalogue_version"),
])
def test_assess_refuses_bad_input_clearly(api, caseworker, payload, field):
    response = api(caseworker).post("/api/identification/assess", payload)
    assert response.status_code == 400
    assert any(field in key for key in response.json()["errors"]), response.json()


def test_an_interview_through_the_api(api, caseworker, make_case):
    case = make_case(caseworker)
    client = api(caseworker)
    started = client.post("/api/identification/interviews", {"case_id": str(case.pk)})
    assert started.status_code == 201
    iid = started.json()["id"]
    assert started.json()["status"] == "consent"
    bad = client.post(f"/api/identification/interviews/{iid}/answers",
                      {"answers": {"dr.wages": "yes"}})
    assert bad.status_code == 400
    consent = client.post(f"/api/identification/interviews/{iid}/consent", {
        "explained": list(CONSENT_POINTS), "consent": True, "companion": "none"})
    assert consent.json()["status"] == "in_progress"
    client.post(f"/api/identification/interviews/{iid}/profile",
                {"age": 40, "exploitation": "labour", "moved": True})
    half = client.post(f"/api/identification/interviews/{iid}/answers",
                       {"answers": {i: "yes" for i in RG[:3]}})
    assert half.json()["answered"] == 3
    assert client.post(f"/api/identification/interviews/{iid}/stop").json()["status"] == \
        "stopped"
    resumed = client.get(f"/api/identification/interviews/{iid}", lang="fr").json()
    assert resumed["status"] == "stopped" and resumed["answered"] == 3
    client.post(f"/api/identification/interviews/{iid}/answers",
                {"answers": {i: "yes" for i in RG[3:]}})
    done = client.post(f"/api/identification/interviews/{iid}/complete")
    assert done.status_code == 201
    assert done.json()["result"]["outcome"] == "reasonable_grounds"
    before = AuditEntry.objects.filter(action="view", subject_id=str(case.pk)).count()
    listing = client.get(f"/api/identification/cases/{case.pk}").json()
    assert AuditEntry.objects.filter(action="view", subject_id=str(case.pk)).count() == \
        before + 1  # the read is in the case's access log
    assert [a["id"] for a in listing["assessments"]] == [done.json()["id"]]
    assert listing["interviews"][0]["status"] == "completed"


def test_a_screening_through_the_api(api, caseworker, make_case):
    case = make_case(caseworker)
    response = api(caseworker).post("/api/identification/screenings", {
        "case_id": str(case.pk), "screen": "cst6",
        "answers": {"cst6.1": "yes", "cst6.2": "declined"}})
    assert response.status_code == 201, response.content
    result = response.json()["result"]
    assert result["result"] == "inconclusive"
    assert result["validation"]["sensitivity"] == 0.844
    read = api(caseworker).get(f"/api/identification/screenings/{response.json()['id']}")
    assert read.json()["answers"] == {"cst6.1": "yes", "cst6.2": "declined"}
    bad = api(caseworker).post("/api/identification/screenings", {
        "case_id": str(case.pk), "screen": "cst6", "answers": {"cst6.1": "perhaps"}})
    assert bad.status_code == 400


ROLES = sorted(roles())


@pytest.mark.parametrize("role", ROLES)
def test_another_organisations_records_are_404_for_every_role(api, org, other_org, make_user,
                                                               make_case, role):
    owner = make_user(other_org, "org_admin", username="there")
    case = make_case(owner)
    started = api(owner).post("/api/identification/interviews", {"case_id": str(case.pk)})
    screened = api(owner).post("/api/identification/screenings", {
        "case_id": str(case.pk), "screen": "qyit", "answers": {"qyit.1": "yes"}})
    user = make_user(org, role, username=f"u_{role}")
    client = api(user)
    iid, sid = started.json()["id"], screened.json()["id"]
    for response in (
            client.get(f"/api/identification/interviews/{iid}"),
            client.post(f"/api/identification/interviews/{iid}/stop"),
            client.post(f"/api/identification/interviews/{iid}/answers",
                        {"answers": {"dr.wages": "yes"}}),
            client.get(f"/api/identification/screenings/{sid}"),
            client.get(f"/api/identification/cases/{case.pk}"),
            client.post("/api/identification/interviews", {"case_id": str(case.pk)}),
            client.post("/api/identification/screenings", {
                "case_id": str(case.pk), "screen": "qyit", "answers": {}})):
        assert response.status_code == 404, response.content
    assert AuditEntry.objects.filter(action="denied", user_id=user.pk).count() == 7


@pytest.fixture
def own_records(api, org, make_user, make_case):
    """A case of the organisation with an interview and a screening, by its administrator."""
    owner = make_user(org, "org_admin", username="here")
    case = make_case(owner)
    client = api(owner)
    iid = client.post("/api/identification/interviews", {"case_id": str(case.pk)}).json()["id"]
    client.post(f"/api/identification/interviews/{iid}/consent", {
        "explained": list(CONSENT_POINTS), "consent": True, "companion": "none"})
    client.post(f"/api/identification/interviews/{iid}/profile",
                {"age": 30, "exploitation": "labour", "moved": True})
    sid = client.post("/api/identification/screenings", {
        "case_id": str(case.pk), "screen": "qyit", "answers": {"qyit.1": "no"}}).json()["id"]
    return {"case": str(case.pk), "interview": iid, "screening": sid}


# (name, method, path, body, needs to change the case)
OWN_ENDPOINTS = [
    ("read-interview", "get", "/api/identification/interviews/{interview}", None, False),
    ("read-screening", "get", "/api/identification/screenings/{screening}", None, False),
    ("case-records", "get", "/api/identification/cases/{case}", None, False),
    ("answer", "post", "/api/identification/interviews/{interview}/answers",
     {"answers": {"dr.wages": "yes"}}, True),
    ("stop", "post", "/api/identification/interviews/{interview}/stop", None, True),
    ("start", "post", "/api/identification/interviews", {"case_id": "{case}"}, True),
    ("screen", "post", "/api/identification/screenings",
     {"case_id": "{case}", "screen": "qyit", "answers": {}}, True),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", OWN_ENDPOINTS, ids=[e[0] for e in OWN_ENDPOINTS])
def test_own_organisation_follows_role(api, org, make_user, own_records, role, endpoint):
    _, method, path, body, changes = endpoint
    user = make_user(org, role, username=f"u_{role}")
    spec = roles()[role]
    client = api(user)
    url = path.format(**own_records)
    if body is not None:
        body = {k: (v.format(**own_records) if isinstance(v, str) else v)
                for k, v in body.items()}
    response = client.get(url) if method == "get" else client.post(url, body)
    if spec.scope != "organisation":
        assert response.status_code == 404  # a colleague's case, outside their scope
    elif not changes:
        assert response.status_code == 200
    elif "case.change" in spec.permissions and "identification.screen" in spec.permissions:
        assert response.status_code in (200, 201), response.content
    else:
        assert response.status_code == 403
        assert AuditEntry.objects.filter(action="denied", user_id=user.pk).exists()


def test_forged_ids_are_404(api, caseworker):
    for path in ("/api/identification/interviews/not-a-uuid",
                 "/api/identification/interviews/00000000-0000-0000-0000-000000000000",
                 "/api/identification/assessments/../../etc"):
        assert api(caseworker).get(path).status_code == 404
