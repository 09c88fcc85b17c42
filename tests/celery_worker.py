"""A real Celery worker over Redis for the tests marked ``celery``."""

import socket
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker

from lms.celery import app as celery_app

REDIS = ("127.0.0.1", 6379)


@contextmanager
def redis_worker_on(broker: str):
    """Run a solo worker for ``broker`` (a Redis URL with its own db number)."""
    try:
        socket.create_connection(REDIS, timeout=2).close()
    except OSError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    saved = {k: celery_app.conf[k] for k in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=broker, task_always_eager=False)
    _drop_connections()
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False) as worker:
            yield worker
    finally:
        celery_app.conf.update(saved)
        _drop_connections()


def _drop_connections():
    # The app caches its producer pool for the broker it first connected to;
    # without this, messages would go to the old broker, not Redis.
    # Closing the old pool would break it for good: kombu keeps pools per
    # broker URL and would hand the closed one back when the URL is restored.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
