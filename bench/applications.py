"""Benchmark of the qualification queue: 10,000 applications in a throw-away database; the
staff queue page, its filters and search, and the XLSX export, timed through the full
middleware stack (Django test client), with query counts and the export's peak memory.

Run with `.venv/bin/python bench/applications.py` (SQLite in a temporary directory unless
DATABASE_URL is set). Prints figures; asserts nothing. BENCH_ROWS and BENCH_REQUESTS change
the size and the number of requests per page.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgyp.settings.test")
_tmpdir = tempfile.mkdtemp(prefix="dgyp-bench-applications-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmpdir}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))


def report(name: str, samples: list[float], queries: int | None = None) -> None:
    samples = sorted(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    extra = f"   queries {queries:3d}" if queries is not None else ""
    print(
        f"{name:<46} median {statistics.median(samples):8.2f} ms   p95 {p95:8.2f} ms"
        f"   n={len(samples)}{extra}"
    )


def build(rows: int) -> None:
    from accounts.enums import OrganisationKind, Role
    from accounts.models import Organisation, Town
    from accounts.validators import uscc_check_character
    from applications.enums import ApplicationState
    from applications.models import Application
    from tests.factories import make_member
    from tests.factories.applications import make_call, published_edition

    rng = random.Random(2026)
    make_member(Role.SAMR_STAFF, username="bench-samr")
    edition = published_edition()
    calls = [
        make_call(title="2026年度东莞优品申报（第一批）"),
        make_call(title="2026年度东莞优品申报（第二批）"),
    ]
    categories = list(edition.categories.all())
    towns = list(Town.objects.all())
    enterprises = []
    for n in range(rows // 5):
        first17 = f"91441900{n + 100000:09d}"
        enterprises.append(
            Organisation(
                kind=OrganisationKind.ENTERPRISE,
                name=f"东莞市基准测试企业{n:05d}有限公司",
                credit_code=first17 + uscc_check_character(first17),
                town=towns[n % len(towns)],
            )
        )
    Organisation.objects.bulk_create(enterprises, batch_size=1000)
    enterprises = list(Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE))
    owner = make_member(Role.ENTERPRISE, enterprises[0], username="bench-enterprise")
    states = [
        ApplicationState.SUBMITTED,
        ApplicationState.QUALIFICATION_REVIEW,
        ApplicationState.SUPPLEMENT_REQUESTED,
        ApplicationState.QUALIFIED,
        ApplicationState.REJECTED,
        ApplicationState.EXPERT_REVIEW,
        ApplicationState.WITHDRAWN,
    ]
    now = timezone.now()
    batch = []
    for n in range(rows):
        enterprise = enterprises[n % len(enterprises)]
        product = f"基准产品{n:05d}"
        changed = now - dt.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
        # Rows created in their state directly: a benchmark fixture, not a workflow.
        batch.append(
            Application(
                call=calls[n % 2],
                enterprise=enterprise,
                category=categories[n % len(categories)],
                created_by=owner,
                client_key=uuid.uuid4(),
                reference=f"DGYP-2026-{n + 1:05d}",
                product_name=product,
                product_key=product,
                trademark="莞品",
                state=states[n % len(states)],
                submitted_at=changed - dt.timedelta(days=2),
                state_changed_at=changed,
            )
        )
    Application.objects.bulk_create(batch, batch_size=1000)


def timed_get(client: Client, url: str, n: int) -> tuple[list[float], int, int]:
    client.get(url)  # warm-up
    samples = []
    settings.DEBUG = True
    reset_queries()
    response = client.get(url)
    queries = len(connection.queries)
    settings.DEBUG = False
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return samples, queries, response.status_code


def main() -> None:
    setup_test_environment()
    settings.ROOT_URLCONF = "tests.applications.urls"
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    build(ROWS)
    print(
        f"database: {connection.vendor}; {ROWS} applications built in "
        f"{time.perf_counter() - start:.1f} s; {REQUESTS} requests per page after warm-up\n"
    )
    from accounts.models import Town, User
    from applications.models import Application, Call
    from catalog.models import Category

    client = Client()
    client.force_login(User.objects.get(username="bench-samr"))
    call = Call.objects.order_by("pk").first()
    category = Category.objects.order_by("pk").first()
    town = Town.objects.order_by("pk").first()
    pages = [
        ("queue: first page", "/applications/queue/"),
        ("queue: page 200", "/applications/queue/?page=200"),
        ("queue: state=supplement_requested", "/applications/queue/?state=supplement_requested"),
        ("queue: call + category", f"/applications/queue/?call={call.pk}&category={category.pk}"),
        ("queue: town", f"/applications/queue/?town={town.pk}"),
        ("queue: waiting > 20 days, oldest first", "/applications/queue/?waiting=20&sort=waiting"),
        ("queue: search enterprise name", "/applications/queue/?q=企业00123"),
        ("queue: search reference", "/applications/queue/?q=DGYP-2026-0999"),
        ("queue: sort by enterprise", "/applications/queue/?sort=enterprise"),
    ]
    print("Pages (server time through the full middleware stack, Django test client):")
    for name, url in pages:
        samples, queries, status = timed_get(client, url, REQUESTS)
        assert status == 200, (url, status)
        report(name, samples, queries)

    print("\nXLSX export of the whole queue:")
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        response = client.get("/applications/queue/export.xlsx")
        samples.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    response = client.get("/applications/queue/export.xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report(f"export ({Application.objects.count()} rows)", samples)
    print(
        f"{'export file size / Python peak memory':<46} {len(response.content) / 1024:8.0f} KiB"
        f"   peak {peak / 1024 / 1024:6.1f} MiB"
    )


if __name__ == "__main__":
    main()
