"""The ``berdaya`` console script: ``berdaya serve``, ``berdaya worker``, ``berdaya demo``, ``berdaya import …``
and every other Django management command (``berdaya migrate``, ``berdaya load_regions`` …)."""

from __future__ import annotations

import argparse
import os
import sys


def _serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="berdaya serve", description="Serve Berdaya with gunicorn.")
    parser.add_argument("--host", default=os.environ.get("BERDAYA_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BERDAYA_PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BERDAYA_WORKERS", "2")))
    parser.add_argument(
        "--no-task-worker",
        action="store_true",
        help="do not start the background task worker (run `berdaya worker` elsewhere instead)",
    )
    args = parser.parse_args(argv)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    if not args.no_task_worker:
        _start_task_worker()
    print(f"\nBerdaya is serving on http://{shown}:{args.port}/  (Ctrl+C stops it)\n", flush=True)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "berdaya.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        "4",
        # An XLSX import of the largest allowed file (20.000 rows) takes minutes inside one request.
        "--timeout",
        os.environ.get("BERDAYA_REQUEST_TIMEOUT", "300"),
        "--access-logfile",
        "-",
    ]
    run()


def _start_task_worker() -> None:
    """One background worker beside the web server, so a laptop install runs month-end closes too.

    A national install runs `berdaya worker` on as many machines as it likes instead (the queue is in
    the database; workers take tasks with row locks).
    """
    import atexit
    import subprocess

    worker = subprocess.Popen([sys.executable, "-m", "berdaya.cli", "worker"])
    atexit.register(worker.terminate)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berdaya.settings")
    import django

    django.setup()
    argv = sys.argv[1:]
    if argv and argv[0] == "serve":
        _serve(argv[1:])
        return
    if argv and argv[0] == "worker":  # background tasks (month-end close) from the database queue
        argv = ["db_worker", "--queue-name", "*", *argv[1:]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["berdaya", *argv])


if __name__ == "__main__":
    main()
