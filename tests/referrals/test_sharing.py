"""What a receiving organisation sees of a referred case: the field groups shared, on the
page, in the API, and nowhere else (searches, exports, access log, attachments)."""

from __future__ import annotations

import pytest

from tipnet.cases import sharing
from tipnet.cases.serialise import case_dict

pytestmark = pytest.mark.django_db


def test_scoped_data_keeps_only_the_groups_shared(sender, consented_case):
    from tipnet.cases.services import case_detail_queryset

    case = case_detail_queryset().get(pk=consented_case.pk)
    full = case_dict(case)
    basic = case_dict(case, sharing.normalise_groups([]))
    assert basic["reference"] == full["reference"]
    assert basic["person"]["age"] == full["person"]["age"] and basic["person"]["age"]
    assert basic["person"]["languages"] == ["ne"]
    for hidden in ("person_name", "narrative", "contacts", "documents", "movements",
                   "perpetrators", "organisation", "owner", "exploitation_types"):
        assert hidden not in basic, hidden
    assert "given_name" not in basic["person"] and "birth_date" not in basic["person"]
    # Consents go without who gave them and without notes.
    assert basic["consents"] and all(set(c) == {"id", "scope", "given", "given_at",
                                                "withdrawn_at"} for c in basic["consents"])
    identity = case_dict(case, sharing.normalise_groups(["identity", "contact"]))
    assert identity["person"]["given_name"] == "Testa"
    assert identity["contacts"][0]["value"] == "+977 984-1234567"
    assert "narrative" not in identity and "documents" not in identity


def test_every_case_key_belongs_to_a_group_or_is_private_on_purpose(sender, consented_case):
    """A field added to cases must be placed in a group (or listed here as never shared)."""
    from tipnet.cases.services import case_detail_queryset

    data = case_dict(case_detail_queryset().get(pk=consented_case.pk))
    private = {"organisation", "owner", "team_id", "closure_reason",
               "agreement_to_manage_data", "deleted", "person"}
    spec = sharing._spec()["groups"]
    placed = {k for keys in spec.values() for k in keys}
    assert {k for k in data if k not in private} <= placed
    assert {f"person.{k}" for k in data["person"]} <= placed


def test_unknown_group_is_refused():
    with pytest.raises(ValueError):
        sharing.normalise_groups(["identity", "everything"])


def test_receiver_sees_only_shared_groups_on_the_page(consented_case, refer, receiver,
                                                       verified_client):
    refer(consented_case, groups=["identity"])
    client = verified_client(receiver)
    page = client.get(f"/cases/{consented_case.pk}/").content.decode()
    assert "Testa" in page  # identity shared
    assert "building site" not in page  # narrative not shared
    assert "PA 99887766" not in page and "984-1234567" not in page
    assert "Fake Recruiter" not in page and "Guardian Othername" not in page  # consent giver
    assert "private consent note" not in page
    assert 'id="shared-banner"' in page


def test_receiver_api_read_is_scoped_and_names_the_groups(consented_case, refer, receiver, api):
    refer(consented_case, groups=["movements"])
    data = api(receiver).get(f"/api/cases/{consented_case.pk}").json()
    assert data["shared_groups"] == ["basic", "movements"]
    assert data["movements"][0]["to_place"] == "Delhi"
    assert "given_name" not in data["person"] and "narrative" not in data


def test_shared_case_is_read_only_for_the_receiver(consented_case, refer, receiver, api):
    refer(consented_case)
    client = api(receiver)
    assert client.patch(f"/api/cases/{consented_case.pk}",
                        {"narrative": "changed"}).status_code == 403
    assert client.post(f"/api/cases/{consented_case.pk}/comments",
                       {"text": "hello"}).status_code == 403


def test_shared_cases_stay_out_of_lists_searches_and_exports(consented_case, refer, receiver,
                                                             api):
    refer(consented_case, groups=["identity", "contact"])
    client = api(receiver)
    assert client.get("/api/cases").json()["count"] == 0
    assert client.get("/api/cases", name="Testa").json()["count"] == 0
    assert client.get("/api/cases", phone="+977 984-1234567").json()["count"] == 0
    from tipnet.htcds.export import cases_for

    assert not cases_for(receiver).exists()


def test_access_log_attachments_and_identification_are_not_shared_unless_chosen(
        consented_case, refer, receiver, api, sender):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tipnet.cases import attachments

    att = attachments.add_attachment(sender, consented_case.pk,
                                     SimpleUploadedFile("scan.pdf", b"%PDF-1.4 secret"), "")
    refer(consented_case, groups=["identity"])
    client = api(receiver)
    assert client.get(f"/api/cases/{consented_case.pk}/access-log").status_code == 404
    assert client.get(f"/api/cases/{consented_case.pk}/attachments/{att.pk}").status_code == 404
    assert client.get(f"/api/identification/cases/{consented_case.pk}").status_code == 404


def test_attachments_shared_when_the_group_is_chosen(consented_case, refer, receiver, api,
                                                     sender):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tipnet.cases import attachments

    att = attachments.add_attachment(sender, consented_case.pk,
                                     SimpleUploadedFile("scan.pdf", b"%PDF-1.4 secret"), "")
    refer(consented_case, groups=["attachments", "identification"])
    client = api(receiver)
    got = client.get(f"/api/cases/{consented_case.pk}/attachments/{att.pk}")
    assert got.status_code == 200 and got.content == b"%PDF-1.4 secret"
    assert client.get(f"/api/identification/cases/{consented_case.pk}").status_code == 200


def test_withdrawing_consent_cuts_access_at_once(consented_case, refer, receiver, api, sender):
    from tipnet.cases import notes

    refer(consented_case)
    client = api(receiver)
    assert client.get(f"/api/cases/{consented_case.pk}").status_code == 200
    share = consented_case.consents.get(scope="share_with_organisations")
    notes.withdraw_consent(sender, consented_case.pk, share.pk)
    assert client.get(f"/api/cases/{consented_case.pk}").status_code == 404


def test_a_third_organisation_and_other_roles_see_nothing(consented_case, refer, make_org,
                                                          make_user, other_org, api):
    refer(consented_case)
    third = make_user(make_org(name="Third", country="BD", prefix="THD"), "supervisor")
    analyst = make_user(other_org, "analyst")  # analysts do not receive referrals
    for user in (third, analyst):
        assert api(user).get(f"/api/cases/{consented_case.pk}").status_code == 404


def test_closed_referrals_share_nothing(consented_case, refer, receiver, api, sender):
    from tipnet.referrals import services

    referral = refer(consented_case)
    client = api(receiver)
    services.change(receiver, referral.pk, "decline", "No places left")
    assert client.get(f"/api/cases/{consented_case.pk}").status_code == 404


def test_htcds_package_holds_only_the_groups_shared(consented_case):
    """What travels to another deployment: an HTCDS record reduced to the groups."""
    from tipnet.cases.services import case_detail_queryset
    from tipnet.htcds import schema
    from tipnet.htcds.mapping import case_to_record, scoped_record

    case = case_detail_queryset().get(pk=consented_case.pk)
    full = case_to_record(case)
    assert "x_tipnet_Narrative" in full and "prs_FirstName" in full
    basic = scoped_record(case, sharing.normalise_groups([]))
    assert basic["prs_Gender"] == "Feminine" and basic["cas_Status"] == "Active"
    for hidden in ("prs_FirstName", "prs_Birthdate", "x_tipnet_Narrative", "hte_Events",
                   "per_Perpetrators", "x_tipnet_Contacts", "vic_AgreementToManagePersonalData",
                   "vic_TypeOfExploitation"):
        assert hidden not in basic, hidden
    assert all("x_tipnet_GivenByName" not in c and "x_tipnet_Notes" not in c
               for c in basic["con_Consents"])
    wider = scoped_record(case, sharing.normalise_groups(["identity", "movements"]))
    assert wider["prs_FirstName"] == "Testa" and wider["hte_Events"]
    assert "x_tipnet_Narrative" not in wider
    assert schema.errors(wider) == []  # still a valid HTCDS record
