"""Shared set-up for benchmarks over HTTP: a throwaway PostgreSQL database and gunicorn.

Every process of a run (``manage.py`` commands, Django scripts, gunicorn) gets
the same environment from ``environment()``: DEBUG off, the scratch database
with persistent connections, and one secret key.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# One key for every process of a run: client secrets and session hashes use it.
SECRET_KEY = secrets.token_urlsafe(64)


@contextmanager
def scratch_database(prefix: str = "lrs_bench"):
    """Create a PostgreSQL database for one run, migrate it, drop it afterwards."""
    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    url = f"{SERVER}/{name}"
    try:
        manage("migrate", "-v0", database_url=url)
        yield url
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DB_CONN_MAX_AGE": "600",
        # As deployed (docs/deployment.md): sessions in Redis, written through.
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
    }


def manage(*args, database_url: str) -> str:
    """Run a ``manage.py`` command in the run's environment; return its output."""
    return run_python("manage.py", *args, database_url=database_url)


def run_python(script: str, *args, database_url: str) -> str:
    """Run ``script`` (relative to the project) in the run's environment.

    Raise ``RuntimeError`` with its error output when it fails.
    """
    result = subprocess.run(
        [sys.executable, script, *args],
        cwd=ROOT,
        env={**environment(database_url), "DJANGO_SETTINGS_MODULE": "lms.settings"},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return result.stdout


@contextmanager
def gunicorn(database_url: str, workers: int = 2):
    """Serve the site with gunicorn on a free loopback port; yield its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lms.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(database_url),
    )
    try:
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} in {timeout:.0f} s")
