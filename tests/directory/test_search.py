"""Searching the directory: every filter, and "open now" by each service's own hours."""

import datetime as dt

import pytest

from tipnet.directory import services

pytestmark = pytest.mark.django_db


def names(**params):
    now = params.pop("now", None)
    return sorted(s.counterpart.name for s in services.search(params, now=now))


def test_filters(directory):
    assert names(country="NP") == ["Safe House Kathmandu"]
    assert names(country="in") == ["Labour Rights Centre Delhi"]
    assert names(area="delhi") == ["Labour Rights Centre Delhi"]
    assert names(area="Kathmandu valley") == ["Safe House Kathmandu"]
    assert names(service_type="Hotline") == ["Night Hotline Kuala Lumpur"]
    assert names(population="Women") == ["Night Hotline Kuala Lumpur", "Safe House Kathmandu"]
    assert names(language="hi") == ["Labour Rights Centre Delhi"]
    assert names(exploitation_type="ForcedLabour") == ["Labour Rights Centre Delhi",
                                                       "Night Hotline Kuala Lumpur"]
    assert names(q="rights") == ["Labour Rights Centre Delhi"]
    assert names(country="NP", service_type="Hotline") == []


def _utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_open_now_follows_local_hours(directory):
    # Monday 2026-11-23, 04:00 UTC: 09:45 in Kathmandu (UTC+5:45), 09:30 in Delhi,
    # 12:00 in Kuala Lumpur (the hotline runs 22:00-06:00).
    assert names(open_now="1", now=_utc(2026, 11, 23, 4, 0)) == [
        "Labour Rights Centre Delhi", "Safe House Kathmandu"]
    # 16:00 UTC: 21:45 Kathmandu (closed), 21:30 Delhi (closed), 00:00 KL (open).
    assert names(open_now="1", now=_utc(2026, 11, 23, 16, 0)) == [
        "Night Hotline Kuala Lumpur"]
    # Saturday 03:00 UTC: Delhi opens on Saturdays, Kathmandu does not.
    assert names(open_now="1", now=_utc(2026, 11, 28, 3, 0)) == [
        "Labour Rights Centre Delhi"]


def test_a_service_without_hours_is_not_open_now(directory):
    from tipnet.directory.models import Schedule

    Schedule.objects.all().delete()
    assert names(open_now="1") == []
    assert len(names()) == 3


def test_overnight_hours_belong_to_the_day_they_start(sysadmin):
    from .conftest import shelter

    services.import_hsds(sysadmin, shelter("Weekend Night Line", byday="FR,SA",
                                           opens="20:00", closes="04:00", offset=0))
    # 2026-11-27 is a Friday.
    assert names(open_now="1", now=_utc(2026, 11, 27, 2, 0)) == []  # Thursday night
    assert names(open_now="1", now=_utc(2026, 11, 27, 21, 0)) == ["Weekend Night Line"]
    assert names(open_now="1", now=_utc(2026, 11, 28, 2, 0)) == ["Weekend Night Line"]
    assert names(open_now="1", now=_utc(2026, 11, 29, 2, 0)) == ["Weekend Night Line"]
    assert names(open_now="1", now=_utc(2026, 11, 30, 2, 0)) == []  # Sunday night


def test_open_now_is_not_cut_short_by_the_result_limit(directory):
    found = services.search({"open_now": "1"}, now=_utc(2026, 11, 23, 16, 0), limit=1)
    assert [s.counterpart.name for s in found] == ["Night Hotline Kuala Lumpur"]
