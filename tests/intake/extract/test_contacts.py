import pytest

from tipnet.intake.extract import entities


def of(kind, text, region=""):
    return [(e.value, e.raw) for e in entities(text, region=region) if e.kind == kind]


@pytest.mark.parametrize(("text", "expected"), [
    ("mail Maya.K@Gmail.com.", [("maya.k@gmail.com", "Maya.K@Gmail.com")]),
    ("maya dot k at gmail dot com", [("maya.k@gmail.com", "maya dot k at gmail dot com")]),
    ("raj (at) yahoo (dot) co (dot) in", [("raj@yahoo.co.in", "raj (at) yahoo (dot) co (dot) in")]),
    ("maria arroba hotmail punto es", [("maria@hotmail.es", "maria arroba hotmail punto es")]),
    ("jean [at] orange [dot] fr", [("jean@orange.fr", "jean [at] orange [dot] fr")]),
    ("we met at home at night", []),
    ("meet at gmail dot something", []),  # not a known top-level domain
])
def test_emails(text, expected):
    assert of("email", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ad on www.Example.COM/Ads/123.", [("http://www.example.com/Ads/123",
                                          "www.Example.COM/Ads/123")]),
    ("HTTPS://Jobs.Example.org/x?id=7", [("https://jobs.example.org/x?id=7",
                                          "HTTPS://Jobs.Example.org/x?id=7")]),
    ("goodjobs.ae/apply", [("http://goodjobs.ae/apply", "goodjobs.ae/apply")]),
    ("(see facebook.com/profile.php?id=1)",
     [("http://facebook.com/profile.php?id=1", "facebook.com/profile.php?id=1")]),
])
def test_urls(text, expected):
    assert of("url", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("follow @Maya_22 now", ["@maya_22"]),
    ("insta: Maya_22", ["@maya_22"]),
    ("IG @maya.k", ["@maya.k"]),
    ("telegram id: jobs_abroad", ["@jobs_abroad"]),
    ("fb.com/maya.k and https://www.instagram.com/Maya_22/", ["@maya.k", "@maya_22"]),
    ("t.me/recruiter01", ["@recruiter01"]),
    ("write to maya@example.com", []),  # an e-mail, not a handle
    ("line: 3 people", []),  # digits only: not a name
])
def test_handles(text, expected):
    assert [v for v, _ in of("handle", text)] == expected
