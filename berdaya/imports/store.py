"""Keeps an uploaded file between its dry run and its commit.

The bytes go to ``VAR_DIR/imports/<token>.bin`` (not the session: an 8 MB file would bloat every
request and the session table), with the dry-run result and owner next to it in ``<token>.json``. The
token is random and checked against the uploader, so one user cannot commit another user's file.
Files are deleted after a commit and anything older than a day is swept on the next upload.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
MAX_AGE_SECONDS = 24 * 3600


@dataclass
class Stored:
    token: str
    kind: str
    file_name: str
    result: dict
    data_path: Path

    def read(self) -> bytes:
        return self.data_path.read_bytes()


def _dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sweep(directory: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in directory.glob("*.*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass


def save(*, user, kind: str, file_name: str, data: bytes, result: dict) -> str:
    directory = _dir()
    _sweep(directory)
    token = secrets.token_urlsafe(24)
    (directory / f"{token}.bin").write_bytes(data)
    meta = {"user_id": user.pk, "kind": kind, "file_name": file_name, "result": result}
    (directory / f"{token}.json").write_text(json.dumps(meta, default=str))
    return token


def load(token: str, *, user) -> Stored:
    """The stored upload, or 404 if the token is malformed, expired, or belongs to someone else."""
    if not _TOKEN.fullmatch(token or ""):
        raise Http404(_("Not found."))
    directory = _dir()
    meta_path, data_path = directory / f"{token}.json", directory / f"{token}.bin"
    try:
        meta = json.loads(meta_path.read_text())
    except (FileNotFoundError, ValueError):
        raise Http404(_("This upload has expired; upload the file again.")) from None
    if meta.get("user_id") != user.pk or not data_path.exists():
        raise Http404(_("Not found."))
    return Stored(
        token=token,
        kind=meta["kind"],
        file_name=meta["file_name"],
        result=meta["result"],
        data_path=data_path,
    )


def update_result(stored: Stored, *, user, result: dict) -> None:
    meta = {"user_id": user.pk, "kind": stored.kind, "file_name": stored.file_name, "result": result}
    (_dir() / f"{stored.token}.json").write_text(json.dumps(meta, default=str))


def delete(token: str) -> None:
    if not _TOKEN.fullmatch(token or ""):
        return
    for suffix in (".bin", ".json"):
        (_dir() / f"{token}{suffix}").unlink(missing_ok=True)
