"""Interviews through the services: consent first, skip logic, stop and resume, reuse of
earlier answers, completion into an assessment that never changes the trafficking status."""

import pytest
from django.http import Http404

from tipnet.audit.models import AuditEntry
from tipnet.cases.models import Case
from tipnet.identification import services
from tipnet.identification.interview_flow import CONSENT_POINTS, FlowError
from tipnet.identification.models import Assessment

pytestmark = pytest.mark.django_db

CONSENT = {"explained": list(CONSENT_POINTS), "consent": True, "companion": "separated",
           "interpreter_language": "ne", "interpreter_vetted": True}
ADULT = {"age": 34, "exploitation": "labour", "moved": True}
RG = {"dr.nature_of_job": "yes", "dr.wages": "yes", "ex.excessive_hours": "yes",
      "ex.low_no_salary": "yes", "cd.documents": "yes", "cd.debt_bondage": "yes"}


@pytest.fixture
def case(caseworker, make_case):
    return make_case(caseworker)


def started(user, case, profile=ADULT):
    row = services.start_interview(user, case.pk)
    services.give_consent(user, row.pk, CONSENT)
    return services.set_profile(user, row.pk, profile)


def test_consent_comes_first(caseworker, case):
    row = services.start_interview(caseworker, case.pk)
    with pytest.raises(FlowError) as info:
        services.answer(caseworker, row.pk, {"dr.wages": "yes"})
    assert "status" in info.value.errors
    with pytest.raises(FlowError) as info:
        services.give_consent(caseworker, row.pk, {**CONSENT, "explained": ["purpose"]})
    assert "who_sees" in info.value.errors["explained"]
    with pytest.raises(FlowError) as info:
        services.give_consent(caseworker, row.pk, {**CONSENT, "companion": "present"})
    assert "companion" in info.value.errors
    with pytest.raises(FlowError) as info:
        services.give_consent(caseworker, row.pk, {**CONSENT, "interpreter_vetted": None})
    assert "interpreter_vetted" in info.value.errors
    row = services.give_consent(caseworker, row.pk, CONSENT)
    assert row.status == "in_progress"
    assert row.consent == {"explained": list(CONSENT_POINTS), "given": True,
                           "companion": "separated", "interpreter_language": "ne",
                           "interpreter_vetted": True}


def test_stopping_before_consent_does_not_skip_it(caseworker, case):
    """Stop, then try to go on without consent: every step is refused."""
    row = services.start_interview(caseworker, case.pk)
    services.stop(caseworker, row.pk)
    for step in (lambda: services.set_profile(caseworker, row.pk, ADULT),
                 lambda: services.answer(caseworker, row.pk, {"dr.wages": "yes"}),
                 lambda: services.complete(caseworker, row.pk)):
        with pytest.raises(FlowError) as info:
            step()
        assert "consent" in info.value.errors
    assert services.resume(caseworker, row.pk).status == "consent"
    assert not Assessment.objects.exists()


def test_refused_consent_ends_it(caseworker, case):
    row = services.start_interview(caseworker, case.pk)
    row = services.give_consent(caseworker, row.pk, {"consent": False, "companion": "none"})
    assert row.status == "no_consent"
    with pytest.raises(FlowError):
        services.set_profile(caseworker, row.pk, ADULT)


def test_skip_logic(caseworker, case):
    adult = started(caseworker, case, {**ADULT, "moved": False})
    ids = {q["id"] for q in services.interview_state(adult, "en")["questions"]}
    assert "dr.documents" not in ids and "vd.unknown_area" not in ids  # journey questions
    assert "ex.excessive_hours" in ids and "act.recruited" in ids
    assert not any(i.startswith(("signs.", "border.", "ilo.")) for i in ids)
    moved = started(caseworker, case, ADULT)
    moved_ids = {q["id"] for q in services.interview_state(moved, "en")["questions"]}
    assert {"dr.documents", "vd.unknown_area"} <= moved_ids
    assert not any(i.startswith("child.") for i in ids)  # child questions: children only
    with pytest.raises(FlowError) as info:
        services.answer(caseworker, adult.pk, {"dr.documents": "yes"})
    assert "answers.dr.documents" in info.value.errors
    child = started(caseworker, case, {"age": 14, "exploitation": "labour", "moved": True})
    child_ids = [q["id"] for q in services.interview_state(child, "en")["questions"]]
    assert {"child.kept_from_family", "child.brought_by_stranger", "child.no_school"} <= \
        set(child_ids)
    presumed = started(caseworker, case, {"age": "unknown", "may_be_minor": True,
                                          "exploitation": "labour", "moved": False})
    assert "child.no_school" in {q["id"] for q in
                                 services.interview_state(presumed, "en")["questions"]}


def test_declined_is_kept_apart_from_no(caseworker, case):
    row = started(caseworker, case)
    services.answer(caseworker, row.pk, {"dr.wages": "declined", "dr.housing": "no"})
    state = services.interview_state(services.get_interview(caseworker, row.pk), "en")
    answers = {q["id"]: q["answer"] for q in state["questions"]}
    assert answers["dr.wages"] == "declined" and answers["dr.housing"] == "no"


def test_stop_half_way_and_resume(caseworker, case):
    row = started(caseworker, case)
    services.answer(caseworker, row.pk, {"act.recruited": "yes", "dr.nature_of_job": "yes"})
    row = services.stop(caseworker, row.pk)
    assert row.status == "stopped" and row.stopped_at
    state = services.interview_state(row, "en")
    assert state["answered"] == 2 and state["next"] == "act.transported"
    row = services.resume(caseworker, row.pk)
    assert row.status == "in_progress"
    state = services.interview_state(row, "en")
    assert {q["id"]: q["answer"] for q in state["questions"]}["dr.nature_of_job"] == "yes"


def test_completion_records_an_assessment_but_never_the_status(caseworker, case):
    row = started(caseworker, case)
    services.answer(caseworker, row.pk, RG)
    made = services.complete(caseworker, row.pk)
    assert made.result["outcome"] == "reasonable_grounds"
    assert made.indicators == list(RG)
    assert made.catalogue_version == row.catalogue_version
    case.refresh_from_db()
    assert case.trafficking_status == ""  # only a recorded decision changes it
    assert not AuditEntry.objects.filter(action="decision").exists()
    assert AuditEntry.objects.filter(object_type="identification.assessment",
                                     subject_id=str(case.pk), action="create").exists()
    with pytest.raises(FlowError):
        services.answer(caseworker, row.pk, {"dr.wages": "no"})


def test_earlier_answers_are_reused_not_asked_again(caseworker, case):
    first = started(caseworker, case)
    services.answer(caseworker, first.pk, {"dr.nature_of_job": "yes", "dr.wages": "no",
                                           "dr.housing": "declined"})
    services.stop(caseworker, first.pk)
    second = started(caseworker, case)
    state = services.interview_state(second, "en")
    by_id = {q["id"]: q for q in state["questions"]}
    assert by_id["dr.nature_of_job"]["answer"] == "yes"
    assert by_id["dr.nature_of_job"]["reused"]["interview"] == str(first.pk)
    assert by_id["dr.wages"]["answer"] == "no"
    assert by_id["dr.housing"]["answer"] == ""  # declined: may be asked again
    assert "dr.nature_of_job" not in [state["next"]]
    services.answer(caseworker, second.pk, {k: v for k, v in RG.items()
                                            if k != "dr.nature_of_job"})
    made = services.complete(caseworker, second.pk)
    assert "dr.nature_of_job" in made.indicators  # counted from the earlier interview


def test_enough_to_refer_is_signalled(caseworker, case):
    row = started(caseworker, case)
    services.answer(caseworker, row.pk, dict(list(RG.items())[:4]))
    assert not services.interview_state(services.get_interview(caseworker, row.pk),
                                        "en")["enough_to_refer"]
    services.answer(caseworker, row.pk, RG)
    assert services.interview_state(services.get_interview(caseworker, row.pk),
                                    "en")["enough_to_refer"]


def test_another_organisations_interview_is_404(caseworker, case, other_org, make_user):
    row = started(caseworker, case)
    stranger = make_user(other_org, "org_admin", username="stranger")
    with pytest.raises(Http404):
        services.get_interview(stranger, row.pk)
    with pytest.raises(Http404):
        services.answer(stranger, row.pk, {"dr.wages": "yes"})
    with pytest.raises(Http404):
        services.start_interview(stranger, case.pk)
    with pytest.raises(Http404):
        services.get_interview(stranger, "Maria Lopez passport 123")
    denied = AuditEntry.objects.filter(action="denied", user_id=stranger.pk)
    assert denied.count() == 4
    assert "Maria" not in str(list(denied.values_list("object_id", "detail")))


def test_analysts_may_read_but_not_interview(org, caseworker, case, make_user):
    analyst = make_user(org, "analyst", username="ana")
    with pytest.raises(services.PermissionDenied):
        services.start_interview(analyst, case.pk)


def test_answers_are_encrypted_at_rest(caseworker, case):
    from django.db import connection

    row = started(caseworker, case)
    services.answer(caseworker, row.pk, {"dr.nature_of_job": "yes"})
    services.record_screening(caseworker, case.pk, "cst6", {"cst6.1": "yes"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM identification_interview")
        interview = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute("SELECT answers, screen, result FROM identification_screening")
        screening = cursor.fetchone()
    assert all(v.startswith("tn1:") for v in screening)
    for secret in ("nature_of_job", "separated", "ne", "34", "labour"):
        assert f'"{secret}"' not in interview and f" {secret} " not in f" {interview} "
    assert "cst6" not in str(AuditEntry.objects.values_list("detail", flat=True)[::1])


def test_finishing_twice_records_one_assessment(caseworker, case):
    row = started(caseworker, case)
    services.answer(caseworker, row.pk, RG)
    services.complete(caseworker, row.pk)
    with pytest.raises(FlowError):
        services.complete(caseworker, row.pk)
    assert Assessment.objects.filter(interview=row).count() == 1


def test_no_indicators_after_declined_questions_says_so(caseworker, case):
    row = started(caseworker, case, {**ADULT, "moved": False})
    services.answer(caseworker, row.pk, {"dr.nature_of_job": "declined", "dr.wages": "no"})
    made = services.complete(caseworker, row.pk)
    assert made.result["outcome"] == "no_indicators"
    assert made.result["label"] == "No indicators among the answers given"
    assert made.result["coverage"]["declined"] == 1
    assert made.result["coverage"]["unanswered"] == made.result["coverage"]["questions"] - 2
    assert any("1 question(s) declined" in c for c in made.result["caveats"])


def test_assessments_stay_explained_after_an_upgrade(caseworker, case, monkeypatch):
    """A later release ships another catalogue: assessments made with the old one are still
    shown, with the version they were made with (it is stored)."""
    from tipnet.identification import catalogue
    from tipnet.identification.models import CatalogueVersion

    row = started(caseworker, case)
    services.answer(caseworker, row.pk, RG)
    made = services.complete(caseworker, row.pk)
    assert CatalogueVersion.objects.filter(version="2026.1").exists()
    newer = catalogue.shipped_document()
    newer["version"] = "2027.1"
    newer["indicators"] = [i for i in newer["indicators"] if i["id"] != "dr.wages"]
    monkeypatch.setattr(catalogue, "shipped", lambda: catalogue.Catalogue(newer))
    assert services.current_catalogue().version == "2027.1"
    shown = services.assessment_result(made, "fr")
    assert shown["catalogue_version"] == "2026.1"
    assert shown["outcome"] == "reasonable_grounds"
    assert "dr.wages" in [i["id"] for i in shown["indicators"]]


def test_rerun_on_a_newer_catalogue(caseworker, case, make_user, org):
    from tipnet.identification import catalogue

    row = started(caseworker, case)
    services.answer(caseworker, row.pk, RG)
    made = services.complete(caseworker, row.pk)
    admin = make_user(org, "system_admin", username="sysadmin")
    doc = catalogue.shipped_document()
    doc["version"] = "2026.2"
    doc["indicators"] = [i for i in doc["indicators"] if i["id"] != "dr.wages"]
    services.publish_catalogue(admin, doc, note="drop dr.wages")
    again = services.rerun_assessment(caseworker, made.pk)
    assert again.catalogue_version == "2026.2" and again.rerun_of_id == made.pk
    assert again.result["dropped"] == ["dr.wages"]
    assert Assessment.objects.get(pk=made.pk).catalogue_version == "2026.1"  # kept
    with pytest.raises(services.IdentificationError):  # never onto an older version
        services.rerun_assessment(caseworker, again.pk, "2026.1")
    assert services.current_catalogue().version == "2026.2"
    assert services.start_interview(caseworker, case.pk).catalogue_version == "2026.2"


def test_publishing_needs_the_permission_and_a_newer_valid_version(caseworker, org, make_user):
    from tipnet.identification import catalogue

    doc = catalogue.shipped_document()
    doc["version"] = "2026.2"
    with pytest.raises(services.PermissionDenied):
        services.publish_catalogue(caseworker, doc)
    admin = make_user(org, "system_admin", username="sysadmin")
    with pytest.raises(services.CatalogueProblem) as info:
        services.publish_catalogue(admin, {**doc, "version": "2026.1"})
    assert "already published" in str(info.value)
    with pytest.raises(services.CatalogueProblem) as info:
        services.publish_catalogue(admin, {**doc, "version": "2025.9"})
    assert "must be newer" in str(info.value)
    with pytest.raises(services.CatalogueProblem):
        services.publish_catalogue(admin, {**doc, "indicators": [{"id": "x"}]})
    assert services.publish_catalogue(admin, doc).version == "2026.2"
    assert [v["version"] for v in services.versions()] == ["2026.2", "2026.1"]
    assert Case.objects.count() == 0


def test_catalogue_commands_round_trip(tmp_path, org, make_user, capsys):
    import json

    from django.core.management import call_command
    from django.core.management.base import CommandError

    admin = make_user(org, "system_admin", username="sysadmin")
    path = tmp_path / "catalogue.json"
    call_command("export_catalogue", output=str(path))
    document = json.loads(path.read_text())
    assert document["version"] == "2026.1"
    with pytest.raises(CommandError, match="already published|problem"):
        call_command("publish_catalogue", str(path), user="sysadmin")
    document["version"] = "2027.1"
    path.write_text(json.dumps(document))
    call_command("publish_catalogue", str(path), user="sysadmin", note="yearly review")
    assert services.current_catalogue().version == "2027.1"
    assert AuditEntry.objects.filter(object_type="identification.catalogueversion",
                                     action="create", user_id=admin.pk).exists()
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not a JSON document"):
        call_command("publish_catalogue", str(path), user="sysadmin")


def test_an_administrator_publishes_a_version_in_the_admin(verified_client, org, make_user):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tipnet.identification import catalogue
    from tipnet.identification.models import CatalogueVersion

    admin = make_user(org, "system_admin", username="sysadmin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = verified_client(admin)
    url = "/admin/identification/catalogueversion/publish/"
    doc = catalogue.shipped_document()
    bad = client.post(url, {"document": SimpleUploadedFile("c.json", json.dumps(doc).encode()),
                            "note": ""})
    assert bad.status_code == 400 and "already published" in bad.content.decode()
    doc["version"] = "2026.5"
    good = client.post(url, {"document": SimpleUploadedFile("c.json", json.dumps(doc).encode()),
                             "note": "added a sign"})
    assert good.status_code == 302
    assert CatalogueVersion.objects.get(version="2026.5").note == "added a sign"
    junk = client.post(url, {"document": SimpleUploadedFile("c.json", b"\xff{"), "note": ""})
    assert junk.status_code == 400 and "not a JSON document" in junk.content.decode()
