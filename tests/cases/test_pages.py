import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tipnet.audit.models import AuditEntry
from tipnet.cases.models import Case, Person

pytestmark = pytest.mark.django_db


def _formset_management(prefix, total=1):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "200"}


def _form_data(**extra):
    data = {"given_name": "Pagey", "family_name": "Formson", "status": "Active",
            "gender": "Masculine", "exploitation_types": ["ForcedLabour"],
            "country": "NP", "aliases": "Pags\nP.F.",
            "contacts-0-kind": "phone", "contacts-0-value": "9801234567",
            "documents-0-kind": "passport", "documents-0-number": "PF 123",
            "movements-0-from_country": "NP", "movements-0-to_country": "MY",
            "movements-0-transport": "air"}
    for prefix in ("documents", "contacts", "movements", "perpetrators"):
        data.update(_formset_management(prefix))
    data.update(extra)
    return data


def test_create_case_through_the_form(verified_client, caseworker):
    client = verified_client(caseworker)
    response = client.post("/cases/new/", _form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.person.display_name == "Pagey Formson"
    assert [a.name for a in case.aliases.all()] == ["Pags", "P.F."]
    assert case.movements.get().to_country == "MY"
    page = client.get(response["Location"]).content.decode()
    assert "Pagey Formson" in page and "PF 123" in page and case.reference in page


@pytest.mark.parametrize("bad, message", [
    ({"estimated_age": "200"}, "less than or equal to 120"),
    ({"documents-0-number": ""}, "is required"),
    ({"birth_date": "2999-01-01"}, "is in the future"),
    ({"movements-0-to_country": "ZZ"}, "Select a valid choice"),
])
def test_form_errors_are_shown_and_nothing_is_saved(verified_client, caseworker, bad, message):
    client = verified_client(caseworker)
    response = client.post("/cases/new/", _form_data(**bad))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Case.objects.count() == 0 and Person.objects.count() == 0


def test_caseworker_cannot_decide_trafficking_status_in_the_form(verified_client, caseworker):
    client = verified_client(caseworker)
    client.post("/cases/new/", _form_data(trafficking_status="ActualVictimOfTrafficking"))
    assert Case.objects.get().trafficking_status == ""  # the disabled field is ignored


def test_edit_case(verified_client, caseworker, make_case):
    case = make_case(caseworker)
    client = verified_client(caseworker)
    page = client.get(f"/cases/{case.pk}/edit/").content.decode()
    assert 'value="Testa"' in page
    response = client.post(f"/cases/{case.pk}/edit/", _form_data(given_name="Renamed"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.person.given_name == "Renamed"


def test_case_page_shows_record_and_audits_the_view(verified_client, org, make_user,
                                                    make_case):
    sup = make_user(org, "supervisor")
    case = make_case(sup)
    client = verified_client(sup)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    for text in ("Testa Fakename", "PA 99887766", "Debt bondage", "Kathmandu", "Fake Recruiter"):
        assert text in html, text
    assert AuditEntry.objects.filter(action="view", object_id=str(case.pk),
                                     via="web").exists()
    log = client.get(f"/cases/{case.pk}/access-log/").content.decode()
    assert "supervisor_spn" in log and 'data-action="view"' in log and "viewed" in log


def test_comment_consent_and_attachment_from_the_case_page(verified_client, caseworker,
                                                          make_case):
    case = make_case(caseworker)
    client = verified_client(caseworker)
    client.post(f"/cases/{case.pk}/comments/", {"text": "Met at the shelter."})
    client.post(f"/cases/{case.pk}/consents/", {"scope": "services", "given": "yes",
                                                "given_by": "person"})
    client.post(f"/cases/{case.pk}/attachments/",
                {"file": SimpleUploadedFile("note.txt", b"hello"), "description": "intake"})
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Met at the shelter." in html and "note.txt" in html
    att = case.attachments.get()
    download = client.get(f"/cases/{case.pk}/attachments/{att.pk}/")
    assert download.content == b"hello"
    assert download["Content-Disposition"] == 'attachment; filename="note.txt"'


def test_delete_restore_and_erase(verified_client, org, make_user, make_case, client):
    admin = make_user(org, "org_admin")
    case = make_case(admin)
    c = verified_client(admin)
    link = f'href="/cases/{case.pk}/"'
    c.post(f"/cases/{case.pk}/delete/")
    assert link not in c.get("/").content.decode()
    assert link in c.get("/cases/deleted/").content.decode()
    c.post(f"/cases/{case.pk}/restore/")
    assert link in c.get("/").content.decode()
    wrong = c.post(f"/cases/{case.pk}/erase/", {"confirm_reference": "nope",
                                                "request_reference": "DPR-7"})
    assert wrong.status_code == 200 and Case.objects.filter(pk=case.pk).exists()
    person_id = case.person_id
    done = c.post(f"/cases/{case.pk}/erase/", {"confirm_reference": case.reference,
                                               "request_reference": "DPR-7"})
    assert done.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Person.objects.filter(pk=person_id).exists()
    entry = AuditEntry.objects.get(action="erase")
    assert entry.detail == {"reference": case.reference, "request": "DPR-7"}


def test_caseworker_cannot_erase(verified_client, caseworker, make_case):
    case = make_case(caseworker)
    c = verified_client(caseworker)
    assert c.get(f"/cases/{case.pk}/erase/").status_code == 403
    assert c.post(f"/cases/{case.pk}/erase/", {"confirm_reference": case.reference,
                                               "request_reference": "x"}).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_search_page(verified_client, caseworker, make_case):
    case = make_case(caseworker)
    c = verified_client(caseworker)
    assert case.reference in c.get("/", {"q": "+977-9841234567"}).content.decode()
    assert "No cases match" in c.get("/", {"q": "Fakenam"}).content.decode()
    bad = c.get("/", {"identified_from": "not-a-date"})
    assert bad.status_code == 200


def test_htmx_search_returns_only_the_results_fragment(verified_client, caseworker, make_case):
    make_case(caseworker)
    c = verified_client(caseworker)
    fragment = c.get("/", {"q": "Testa"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "Testa Fakename" in fragment


def test_anonymous_user_is_sent_to_login(client, caseworker, make_case):
    case = make_case(caseworker)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_page_that_shows_a_case_is_audited(verified_client, org, make_user, make_case):
    admin = make_user(org, "org_admin", username="auditee")
    case = make_case(admin)
    c = verified_client(admin)
    for path, page in ((f"/cases/{case.pk}/edit/", "edit"),
                       (f"/cases/{case.pk}/access-log/", "access_log")):
        c.get(path)
        assert AuditEntry.objects.filter(action="view", object_id=str(case.pk),
                                         detail__page=page).exists(), page
    c.get("/cases/deleted/")
    assert AuditEntry.objects.filter(action="list", detail__filters=["deleted"]).exists()


def test_list_page_says_more_than_the_cap(verified_client, caseworker, make_case, monkeypatch):
    from tipnet.cases.paging import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 1)
    make_case(caseworker)
    make_case(caseworker, contacts=[], documents=[])
    html = verified_client(caseworker).get("/").content.decode()
    assert "More than 1 cases" in html and "Page 1 of" not in html
