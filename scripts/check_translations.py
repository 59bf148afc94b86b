"""Fail when a translation is missing or fuzzy, or a compiled .mo is older than its .po.

Run scripts/i18n.sh to extract new strings (needs GNU gettext) and compile; this check needs only polib.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

root = Path(__file__).resolve().parent.parent / "berdaya"
problems = []
files = sorted(root.glob("**/locale/*/LC_MESSAGES/django.po"))
for po_path in files:
    po = polib.pofile(str(po_path))
    lang = po_path.parts[-3]
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{po_path}: fuzzy: {entry.msgid!r}")
        elif lang != "en" and not (entry.msgstr or any(entry.msgstr_plural.values())):
            problems.append(f"{po_path}: untranslated: {entry.msgid!r}")
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        problems.append(f"{mo_path}: missing (run scripts/i18n.sh)")
    else:
        compiled = {e.msgid: (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(mo_path))}
        for entry in po.translated_entries():
            if compiled.get(entry.msgid, (None, None))[0] != entry.msgstr and not entry.msgid_plural:
                problems.append(f"{mo_path}: stale for {entry.msgid!r} (run scripts/i18n.sh)")
                break
if not files:
    problems.append("no .po files found under berdaya/**/locale")

# Strings added to the code but never extracted: re-extract (needs GNU gettext), compare, restore.
catalogue = root / "locale" / "id" / "LC_MESSAGES" / "django.po"
if shutil.which("xgettext") and catalogue.exists():
    saved = {p: p.read_bytes() for p in files}
    try:
        subprocess.run(
            [
                sys.executable,
                str(root.parent / "manage.py"),
                "makemessages",
                "-l",
                "id",
                "--no-location",
                "--ignore",
                "static/*",
            ],
            cwd=root,
            check=True,
            capture_output=True,
        )
        fresh = polib.pofile(str(catalogue))
        known = {e.msgid for e in polib.pofile(saved[catalogue].decode("utf-8")) if not e.obsolete}
        missing = [e.msgid for e in fresh if not e.obsolete and e.msgid not in known]
        for msgid in missing:
            problems.append(f"not extracted yet (run scripts/i18n.sh): {msgid!r}")
    finally:
        for path, data in saved.items():
            path.write_bytes(data)
else:
    print("note: GNU gettext not installed; skipped the check for strings not yet extracted")
for p in problems[:50]:
    print(p)
if problems:
    print(f"{len(problems)} translation problem(s).")
    sys.exit(1)
print(f"translations complete: {len(files)} catalogue(s)")
