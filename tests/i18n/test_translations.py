"""Every interface string and every code-list label exists in French, Spanish and Arabic."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from tipnet.codelists import services as codelists

LOCALE = Path(__file__).resolve().parents[2] / "src" / "tipnet" / "locale"
LANGS = ["fr", "es", "ar"]


def _entries(po_text: str):
    for block in po_text.split("\n\n"):
        if 'msgid ""\nmsgstr ""' in block and "Project-Id-Version" in block:
            continue  # header
        yield block


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_complete(lang):
    text = (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    empty = [b for b in _entries(text)
             if re.search(r'^msgstr(\[\d\])? ""\n?$', b, re.M) and not re.search(
                 r'^msgstr(\[\d\])? ""\n"', b, re.M)]
    assert not empty, f"{len(empty)} untranslated entries, e.g. {empty[0][:200]}"
    assert (LOCALE / lang / "LC_MESSAGES" / "django.mo").stat().st_mtime >= \
        (LOCALE / lang / "LC_MESSAGES" / "django.po").stat().st_mtime - 1, "run compilemessages"


@pytest.mark.parametrize("lang, expected", [("fr", "Dossiers"), ("es", "Casos"),
                                            ("ar", "الحالات")])
def test_interface_strings_are_translated_at_runtime(lang, expected):
    with translation.override(lang):
        assert translation.gettext("Cases") == expected


@pytest.mark.parametrize("name", [n for n in codelists.all_names() if n != "country"])
def test_every_code_has_a_label_in_every_language(name):
    codelist = codelists.get(name)
    missing = [(code, lang) for code, labels in codelist.labels.items()
               for lang in ["en", *LANGS] if not (labels.get(lang) or "").strip()]
    assert not missing


def test_country_names_come_translated():
    assert codelists.get("country").label("NP", "fr") == "Népal"
    assert codelists.get("country").label("NP", "ar") != codelists.get("country").label("NP",
                                                                                       "en")


def test_arabic_is_right_to_left():
    assert translation.get_language_info("ar")["bidi"] is True
