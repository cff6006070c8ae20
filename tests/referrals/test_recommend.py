"""Recommended counterparts: ranked by fit, every point explained, history counted."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tipnet.referrals import recommend, services
from tipnet.referrals.recommend import History, Need

pytestmark = pytest.mark.django_db


def fake_service(name, **kw):
    """A service as the scorer reads it (pure: no database)."""
    cp = SimpleNamespace(name=name, country=SimpleNamespace(code=kw.get("country", "IN")),
                         tenant_id=kw.get("tenant_id"), verification="Verified",
                         verified_on=None)
    empty = SimpleNamespace(all=lambda: [])
    loc = SimpleNamespace(country=SimpleNamespace(code=kw.get("country", "IN")),
                          latitude=kw.get("lat"), longitude=kw.get("lon"))
    return SimpleNamespace(
        name=f"{name} service", counterpart=cp, service_types=kw.get("types", ["MedicalCare"]),
        populations=kw.get("populations", []), languages=kw.get("languages", []),
        exploitation_types=kw.get("exploitation", []), capacity=kw.get("capacity"),
        minimum_age=kw.get("min_age"), maximum_age=kw.get("max_age"),
        locations=SimpleNamespace(all=lambda: [loc]), areas=empty)


NEED = Need(service_type="MedicalCare", country="IN", languages=("ne",),
            exploitation_types=("ForcedLabour",), age=25, gender="Feminine", migrant=True)


def test_each_factor_moves_the_score_and_explains_itself():
    base = fake_service("Base")
    better = {
        "language": fake_service("Nepali", languages=["ne"]),
        "exploitation": fake_service("Labour", exploitation=["ForcedLabour"]),
        "population": fake_service("Women", populations=["Women"]),
        "capacity": fake_service("Beds", capacity=3),
    }
    worse = {
        "geography": fake_service("Far", country="BD"),
        "population": fake_service("Men", populations=["Men"]),
        "age": fake_service("Kids", min_age=0, max_age=17),
        "capacity": fake_service("Full", capacity=0),
        "language": fake_service("Bangla", languages=["bn"]),
    }
    b = recommend.score(base, NEED, None)
    for factor, svc in better.items():
        rec = recommend.score(svc, NEED, None)
        assert rec.score > b.score, factor
        assert any(f.name == factor and f.points > 0 and f.why for f in rec.factors), factor
    for factor, svc in worse.items():
        rec = recommend.score(svc, NEED, None)
        assert rec.score < b.score, factor
        assert any(f.name == factor and f.why for f in rec.factors), factor
    assert sum(f.points for f in b.factors) == pytest.approx(b.score)


def test_rank_drops_services_of_another_type_and_orders_best_first():
    ranked = recommend.rank([fake_service("Shelter", types=["EmergencyShelter"]),
                             fake_service("Clinic", languages=["ne"]),
                             fake_service("Far", country="BD")], NEED, {})
    assert [r.service.counterpart.name for r in ranked] == ["Clinic", "Far"]


def test_history_rewards_organisations_that_accept_and_answer_quickly():
    svc = fake_service("Known", tenant_id=7)
    good = recommend.score(svc, NEED, History(referrals=4, accepted=4, completed=3,
                                               median_answer_hours=5))
    poor = recommend.score(svc, NEED, History(referrals=4, accepted=1, completed=0,
                                               median_answer_hours=200))
    assert good.score > poor.score
    why = " ".join(f.why for f in good.factors)
    assert "4 of 4 earlier referrals accepted" in why and "answers in 5 h" in why


def test_distance_counts_when_both_sides_have_coordinates():
    near = fake_service("Near", lat=28.6, lon=77.2)
    far = fake_service("Farther", lat=19.0, lon=72.8)
    need = Need(**{**NEED.__dict__, "origin": (28.7, 77.1)})
    assert recommend.score(near, need, None).score > recommend.score(far, need, None).score
    assert recommend.distance_km((28.6, 77.2), (19.0, 72.8)) == pytest.approx(1150, rel=0.05)


def test_recommendations_for_a_case_use_its_data_and_history(
        consented_case, sender, listed, other_org, make_org, refer, receiver):
    listed("Harbour Shelter", tenant=other_org, types=["EmergencyShelter"], languages=["ne"],
           populations=["Women"], exploitation=["ForcedLabour"], capacity=4)
    listed("Distant Home", country="BD", types=["EmergencyShelter"])
    listed("A Clinic", types=["MedicalCare"])
    listed("Own Shelter", tenant=consented_case.organisation, country="IN",
           types=["EmergencyShelter"])
    # One earlier referral to Harbour Shelter, accepted.
    earlier = refer(consented_case)
    services.change(receiver, earlier.pk, "accept")
    recs = services.recommendations(sender, consented_case.pk, "EmergencyShelter")
    names = [r.service.counterpart.name for r in recs]
    assert names == ["Harbour Shelter", "Distant Home"]  # own organisation left out
    why = {f.name: f.why for f in recs[0].factors}
    assert "India" in why["geography"] and "Nepali" in why["language"]
    assert "1 of 1 earlier referrals accepted" in why["history"]


def test_recommendations_api_explains_scores_and_checks_access(
        consented_case, sender, listed, api, make_org, make_user, other_org):
    listed("Harbour Shelter", tenant=other_org, languages=["ne"])
    got = api(sender).get("/api/referrals/recommendations/", case_id=str(consented_case.pk),
                          service_type="EmergencyShelter")
    assert got.status_code == 200
    first = got.json()[0]
    assert first["counterpart"]["organisation"] == str(other_org.uuid)
    assert first["score"] == pytest.approx(sum(f["points"] for f in first["factors"]))
    assert all(f["why"] for f in first["factors"])
    stranger = make_user(make_org(name="Third", country="BD", prefix="THD"), "supervisor")
    assert api(stranger).get("/api/referrals/recommendations/",
                             case_id=str(consented_case.pk),
                             service_type="EmergencyShelter").status_code == 404
    assert api(sender).get("/api/referrals/recommendations/", case_id=str(consented_case.pk),
                           service_type="Nonsense").status_code == 400
