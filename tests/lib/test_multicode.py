import pytest

from tipnet.cases.models import Case


@pytest.mark.django_db
def test_has_lookup_matches_whole_codes_only(caseworker, make_case):
    a = make_case(caseworker, exploitation_types=["ForcedLabour", "ChildLabour"])
    b = make_case(caseworker, exploitation_types=["SexualExploitation"])
    assert list(Case.objects.filter(exploitation_types__has="ForcedLabour")) == [a]
    assert set(Case.objects.filter(exploitation_types__has="SexualExploitation")) == {b}
    # 'Labour' is part of a code but not a code: no match.
    assert not Case.objects.filter(exploitation_types__has="Labour").exists()
    # LIKE wildcards in the searched code are literal.
    assert not Case.objects.filter(exploitation_types__has="%").exists()
    assert not Case.objects.filter(exploitation_types__has="Forced_abour").exists()
    a.refresh_from_db()
    assert a.exploitation_types == ["ForcedLabour", "ChildLabour"]
