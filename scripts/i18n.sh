#!/usr/bin/env bash
# Extract translatable strings into berdaya/locale/{id,en} and compile them (needs GNU gettext).
# Fill every new msgstr in id/LC_MESSAGES/django.po, then run this again and commit .po and .mo.
set -euo pipefail
cd "$(dirname "$0")/../berdaya"
../.venv/bin/python ../manage.py makemessages -l id -l en --no-location --ignore 'static/*' >/dev/null
../.venv/bin/python - <<'PY'
from pathlib import Path
import polib
for po_path in Path(".").glob("**/locale/*/LC_MESSAGES/django.po"):
    po = polib.pofile(str(po_path))
    po.save_as_mofile(str(po_path.with_suffix(".mo")))
PY
echo "translations extracted and compiled"
