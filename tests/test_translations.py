"""The Canadian French catalogue is complete: every string the portal marks is extracted afresh
(makemessages into a temporary folder, so a string marked but never extracted is caught),
found in locale/fr_CA, translated, not fuzzy, with the same placeholders and markup, and
compiled. Run on its own with `pytest -m translations`."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.translations

BASE_DIR = Path(settings.BASE_DIR)
_spec = importlib.util.spec_from_file_location("catalogue", BASE_DIR / "locale" / "catalogue.py")
catalogue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogue)

Key = tuple[str | None, str]
HOW_TO_FIX = (
    "run `.venv/bin/python locale/catalogue.py update`, translate what `… todo` lists, "
    "then `… compile` (see locale/README.md)"
)


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _show(key: Key) -> str:
    context, msgid = key
    return (f"[{context}] " if context else "") + repr(msgid)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory, monkeypatch_module) -> dict[str, dict[Key, polib.POEntry]]:
    """What the code marks today, extracted with the catalogue's own command."""
    if not shutil.which("xgettext"):
        pytest.fail("xgettext is missing: `apt-get install gettext` (ensure-system-packages.sh)")
    # makemessages writes into any ./locale it sees, so it runs in a folder of links to the
    # sources (without locale/) and writes into a temporary LOCALE_PATHS.
    out, sources = tmp_path_factory.mktemp("locale"), tmp_path_factory.mktemp("sources")
    for path in BASE_DIR.iterdir():
        if path.name != "locale" and not path.name.startswith("."):
            (sources / path.name).symlink_to(path)
    monkeypatch_module.chdir(sources)
    found: dict[str, dict[Key, polib.POEntry]] = {}
    with override_settings(LOCALE_PATHS=[str(out)]):
        for domain in catalogue.DOMAINS:
            call_command(*catalogue.makemessages_args(domain), "--symlinks", verbosity=0)
            po = out / catalogue.LOCALE / "LC_MESSAGES" / f"{domain}.po"
            found[domain] = (
                {_key(e): e for e in polib.pofile(str(po)) if e.msgid} if po.exists() else {}
            )
    return found


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _catalogue(domain: str) -> dict[Key, polib.POEntry]:
    path = catalogue.po_path(domain)
    if not path.exists():
        return {}
    return {_key(e): e for e in polib.pofile(str(path)) if not e.obsolete}


def _translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


PERCENT = re.compile(r"%(?:\((\w+)\))?[#0+-]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")
BRACE = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)")


def placeholders(text: str, flags: list[str]) -> list[str]:
    """The parts a translation must keep: %-placeholders, {name} fields, HTML tag names."""
    found = [m.group(0) for m in PERCENT.finditer(text) if m.group(2) != "%"]
    # Named %-placeholders may move; positional ones keep their order.
    named = sorted(p for p in found if p.startswith("%("))
    positional = [p for p in found if not p.startswith("%(")]
    brace = sorted(BRACE.findall(text)) if "python-brace-format" in flags else []
    return named + positional + [f"{{{b}}}" for b in brace] + sorted(TAG.findall(text))


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_every_marked_string_is_in_the_catalogue(extracted, domain):
    missing = sorted(set(extracted[domain]) - set(_catalogue(domain)), key=str)
    assert not missing, (
        f"{len(missing)} marked string(s) missing from locale/fr_CA/{domain}.po: "
        + "; ".join(_show(k) for k in missing[:20])
        + f" — {HOW_TO_FIX}"
    )


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_every_entry_is_translated_and_not_fuzzy(extracted, domain):
    entries = _catalogue(domain)
    bad = sorted((k for k in extracted[domain] if k in entries), key=str)
    untranslated = [k for k in bad if not all(_translations(entries[k]))]
    fuzzy = [k for k in bad if "fuzzy" in entries[k].flags]
    assert not untranslated, (
        f"{len(untranslated)} untranslated: "
        + "; ".join(_show(k) for k in untranslated[:20])
        + f" — {HOW_TO_FIX}"
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy (check and untick): " + "; ".join(
        _show(k) for k in fuzzy[:20]
    )


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_translations_keep_placeholders_and_markup(domain):
    wrong = []
    for key, entry in _catalogue(domain).items():
        flags = entry.flags
        wanted = placeholders(entry.msgid, flags)
        if entry.msgid_plural:
            # The singular may say "one" instead of %(n)d; the plural must keep them all.
            checks = [(entry.msgstr_plural.get(1, ""), placeholders(entry.msgid_plural, flags))]
        else:
            checks = [(entry.msgstr, wanted)]
        for text, expected in checks:
            if text and placeholders(text, flags) != expected:
                wrong.append(f"{_show(key)} → {text!r}")
    assert not wrong, "placeholders or markup differ: " + "; ".join(wrong[:20])


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_catalogue_has_no_entries_the_code_no_longer_marks(extracted, domain):
    stale = sorted(set(_catalogue(domain)) - set(extracted[domain]), key=str)
    assert not stale, (
        f"{len(stale)} entr(y/ies) no string marks any more (renamed or removed?): "
        + "; ".join(_show(k) for k in stale[:20])
        + f" — {HOW_TO_FIX}"
    )


def test_catalogue_declares_french_plural_forms():
    po = polib.pofile(str(catalogue.po_path()))
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_compiled_catalogue_is_up_to_date(domain):
    """The .mo is committed (make run and the image need no gettext tools); it must say what
    the .po says."""
    po_path = catalogue.po_path(domain)
    if not po_path.exists():
        return
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"locale/fr_CA/LC_MESSAGES/{domain}.mo is missing — {HOW_TO_FIX}"

    def as_dict(entries) -> dict:
        return {
            _key(e): tuple(_translations(e))
            for e in entries
            if e.msgid and not e.obsolete and "fuzzy" not in e.flags and all(_translations(e))
        }

    assert as_dict(polib.mofile(str(mo_path))) == as_dict(polib.pofile(str(po_path))), (
        f"{domain}.mo is older than {domain}.po — `.venv/bin/python locale/catalogue.py compile`"
    )


def test_the_placeholder_check_sees_a_dropped_or_renamed_placeholder():
    flags = ["python-format"]
    assert placeholders("Due %(date)s", flags) == placeholders("Dû le %(date)s", flags)
    assert placeholders("Due %(date)s", flags) != placeholders("Dû le %(jour)s", flags)
    assert placeholders("<strong>%s</strong>", flags) != placeholders("%s", flags)
    brace = ["python-brace-format"]
    assert placeholders("{n} items", brace) != placeholders("{m} éléments", brace)
    assert placeholders("80 % overall", flags) == placeholders("80 % au total", flags)


@pytest.mark.django_db
def test_a_page_asked_for_in_canadian_french_speaks_the_portals_french(client):
    response = client.get("/accounts/login/", headers={"accept-language": "fr-ca"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr-ca">' in page
    # The portal's own words (Django's and allauth's catalogues do not have these).
    assert "Portail COR" in page
    assert "Aller au contenu principal" in page
    assert ">English</button>" in page


@pytest.mark.django_db
def test_the_language_cookie_switches_the_portal_to_french_and_back(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-ca"
    assert "Portail COR" in client.get("/accounts/login/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en-ca", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert "Portail COR" not in page
    assert ">Français</button>" in page
