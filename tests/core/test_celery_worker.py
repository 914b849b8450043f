"""A real Celery worker on the real Redis runs a task sent through the broker (no eager mode)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_AND_TASK_TIMEOUT = 60


def _celery_command() -> list[str]:
    script = Path(sys.executable).with_name("celery")  # .venv/bin/celery
    return [str(script)] if script.exists() else [sys.executable, "-m", "celery"]


def _read(log_path: Path) -> str:
    return log_path.read_text(errors="replace")


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is not None:
        return
    worker.terminate()  # SIGTERM: warm shutdown
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=10)


@pytest.mark.services
@pytest.mark.xdist_group("celery")
def test_worker_runs_task_sent_through_redis(tmp_path: Path) -> None:
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set: the real broker is started by `make test`")

    # A queue of our own, so that nothing else on this Redis feeds or drains our worker.
    queue = f"dgyp-test-{uuid.uuid4().hex[:12]}"
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dgyp.settings.test",
        "REDIS_URL": redis_url,
        "DGYP_CELERY_EAGER": "0",
    }
    log_path = tmp_path / "worker.log"

    # given a worker consuming from Redis
    with log_path.open("wb") as log:
        worker = subprocess.Popen(  # noqa: S603 (fixed argv, no shell)
            [
                *_celery_command(),
                "-A",
                "dgyp",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=REPO_ROOT,
            env=worker_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    client = Celery("dgyp-test-client", broker=redis_url, backend=redis_url)
    try:
        # when a task is sent by name through the broker
        result = client.send_task("core.ping", args=["hello"], queue=queue)

        deadline = time.monotonic() + STARTUP_AND_TASK_TIMEOUT
        while not result.ready():
            if worker.poll() is not None:
                pytest.fail(f"worker exited with {worker.returncode}:\n{_read(log_path)}")
            if time.monotonic() > deadline:
                pytest.fail(f"no result within {STARTUP_AND_TASK_TIMEOUT}s:\n{_read(log_path)}")
            time.sleep(0.2)

        # then the worker ran it and the result came back through the result backend
        assert result.get(timeout=STARTUP_AND_TASK_TIMEOUT) == "hello"
    finally:
        _stop(worker)
        client.close()
