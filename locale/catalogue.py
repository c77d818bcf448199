"""The fr_CA catalogue's chores, for whoever adds or changes a marked string.

    .venv/bin/python locale/catalogue.py update    # re-extract (makemessages), keep translations
    .venv/bin/python locale/catalogue.py todo      # untranslated / fuzzy entries, numbered
    .venv/bin/python locale/catalogue.py apply F   # write "N<TAB>translation" lines back
    .venv/bin/python locale/catalogue.py compile   # .po -> .mo (committed; see locale/README.md)

`todo` prints one entry a line: its number, then the msgid (newlines as \\n; a plural entry as
"singular ||| plural"). `apply` reads the same numbers with the French after a tab (a plural
entry as "un ||| plusieurs"), so translations can be written in a plain text file in batches.
Numbers are positions in the .po file: run `apply` before the next `update`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE = "fr_CA"
DOMAINS = ("django", "djangojs")
# What is not the portal's own text: third-party code, tests, benchmarks, run-time files.
# `locale` itself is ignored so an extraction into another folder (the check) stays there.
IGNORE = (".venv", "node_modules", "tests", "bench", "var", "locale", "*.egg-info")
HEADER = {
    "Project-Id-Version": "COR Portal",
    "Language-Team": "French (Canada)",
    "Language": "fr_CA",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}
SEP = " ||| "


def po_path(domain: str = "django") -> Path:
    return BASE_DIR / "locale" / LOCALE / "LC_MESSAGES" / f"{domain}.po"


def makemessages_args(domain: str) -> list[str]:
    """The one extraction command, shared with tests/test_translations.py."""
    args = ["makemessages", "-l", LOCALE, "-d", domain, "--add-location=file", "--no-obsolete"]
    for pattern in IGNORE:
        args += ["--ignore", pattern]
    return args


def set_header(path: Path) -> None:
    po = polib.pofile(str(path), wrapwidth=100)
    po.metadata.update(HEADER)
    for key in ("Report-Msgid-Bugs-To", "Last-Translator", "PO-Revision-Date", "POT-Creation-Date"):
        po.metadata.pop(key, None)
    po.header = "Canadian French (Québec / Ontario usage) catalogue of COR Portal."
    po.metadata_is_fuzzy = False
    po.save()


def update() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cor_portal.settings.test")
    sys.path.insert(0, str(BASE_DIR))
    import django
    from django.core.management import call_command

    django.setup()
    os.chdir(BASE_DIR)
    for domain in DOMAINS:
        call_command(*makemessages_args(domain), verbosity=0)
        if po_path(domain).exists():
            set_header(po_path(domain))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(text[i + 1], text[i : i + 2]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def todo(domain: str = "django") -> None:
    po = polib.pofile(str(po_path(domain)))
    for number, entry in enumerate(po):
        if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        text = entry.msgid + (SEP + entry.msgid_plural if entry.msgid_plural else "")
        context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
        print(f"{number}\t{context}{_escape(text)}")


def apply(batch: Path, domain: str = "django") -> None:
    po = polib.pofile(str(po_path(domain)), wrapwidth=100)
    entries = list(po)
    for line in batch.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        number, _, text = line.partition("\t")
        entry = entries[int(number)]
        text = _unescape(text)
        if entry.msgid_plural:
            one, _, many = text.partition(SEP)
            entry.msgstr_plural = {0: one, 1: many or one}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save()


def compile_mo() -> None:
    for domain in DOMAINS:
        if po_path(domain).exists():
            mo = po_path(domain).with_suffix(".mo")
            subprocess.run(  # noqa: S603 - fixed arguments, our own files
                ["msgfmt", "--check-format", "-o", str(mo), str(po_path(domain))],  # noqa: S607
                check=True,
            )


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "todo":
        todo(*sys.argv[2:3])
    elif command == "apply" and len(sys.argv) > 2:
        apply(Path(sys.argv[2]), *sys.argv[3:4])
    elif command == "compile":
        compile_mo()
    else:
        sys.exit(__doc__)
