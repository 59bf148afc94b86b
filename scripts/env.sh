# Shared by ./run and ./test: find Python ≥ 3.11 and keep .venv in step with the pinned requirements.
find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Berdaya needs Python 3.11 or newer; install it (e.g. apt-get install python3) and run again." >&2
  return 1
}

ensure_venv() {
  local reqs="$1" py stamp want
  py=$(find_python)
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating .venv with $py"
    "$py" -m venv .venv
  fi
  want=$(cat "$reqs" requirements.txt pyproject.toml | sha256sum | cut -c1-16)
  stamp=".venv/.installed-$(basename "$reqs")"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "==> Installing pinned dependencies from $reqs"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
    echo "$want" > "$stamp"
  fi
}
