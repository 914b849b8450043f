"""Benchmarks: server time of the shell's pages, the calendar and the audit chain.

Run with `make bench` (or `.venv/bin/python bench/run.py`). Uses a throw-away SQLite database
unless DATABASE_URL is set. Prints figures; asserts nothing (targets are read, not enforced).
Target (issue 2): a page of the shell renders in under 50 ms server time.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgyp.settings.test")
_tmpdir = tempfile.mkdtemp(prefix="dgyp-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmpdir}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def timed(fn, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"{name:<44} median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms   n={len(samples)}"
    )


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", force=True, verbosity=0)

    from accounts.models import Organisation, User
    from dgyp.audit import audit_record, audit_verify
    from dgyp.calendar import add_working_days, publicity_end
    from dgyp.enums import AuditEventType
    from tests.factories import EnterpriseFactory

    # Enough rows that paging and counts matter.
    if Organisation.objects.filter(kind="enterprise").count() < 1000:
        EnterpriseFactory.create_batch(1000)
    samr = User.objects.get(username="samr")
    if not os.environ.get("BENCH_SKIP_AUDIT"):
        org = Organisation.objects.filter(kind="enterprise").first()
        for i in range(5000):
            audit_record(
                event_type=AuditEventType.ORGANISATION_REACTIVATED,
                actor=samr,
                target=org,
                payload={"i": i},
            )

    print(f"database: {django.db.connection.vendor}; {REQUESTS} requests per page after warm-up\n")
    print("Pages (server time through the full middleware stack, Django test client):")
    pages = [
        ("anonymous", "/"),
        ("anonymous", "/accounts/login/"),
        ("anonymous", "/accounts/register/"),
        ("enterprise", "/accounts/dashboard/"),
        ("enterprise", "/accounts/organisation/"),
        ("samr", "/accounts/dashboard/"),
        ("samr", "/accounts/enterprises/"),
        ("samr", "/accounts/enterprises/?q=演示&page=2"),
        ("samr", "/core/calendar/"),
        ("samr", "/core/calendar/2026/"),
        ("auditor", "/accounts/dashboard/"),
        ("auditor", "/core/audit/"),
        ("auditor", "/core/audit/?event_type=organisation.reactivated&page=20"),
        ("expert", "/core/inbox/"),
        ("anonymous", "/notices/"),
        ("anonymous", "/catalogue/"),
        ("anonymous", "/alliance/members/"),
        ("anonymous", "/calls/"),
        ("samr", "/catalog/"),
        ("samr", "/alliance/calls/"),
        ("samr", "/applications/queue/"),
        ("enterprise", "/applications/"),
        ("department", "/applications/opinions/"),
    ]
    worst = 0.0
    for username, url in pages:
        client = Client()
        if username != "anonymous":
            client.force_login(User.objects.get(username=username))
        for _ in range(10):
            assert client.get(url).status_code == 200, url
        samples = timed(lambda c=client, u=url: c.get(u), REQUESTS)
        worst = max(worst, statistics.median(samples))
        report(f"{username:<10} GET {url}", samples)
    print(f"\nworst median page: {worst:.2f} ms (target < 50 ms)\n")

    import datetime as dt

    print("Working-day calendar:")
    report(
        "add_working_days(2026-01-05, 200)",
        timed(lambda: add_working_days(dt.date(2026, 1, 5), 200), 200),
    )
    report("publicity_end(2026-09-28)", timed(lambda: publicity_end(dt.date(2026, 9, 28)), 200))

    from dgyp.models import AuditEvent

    n = AuditEvent.objects.count()
    start = time.perf_counter()
    problem = audit_verify()
    elapsed = time.perf_counter() - start
    print(
        f"\naudit_verify over {n} events: {elapsed * 1000:.0f} ms ({n / elapsed:,.0f} events/s), intact={problem is None}"
    )
    start = time.perf_counter()
    for i in range(500):
        audit_record(
            event_type=AuditEventType.ORGANISATION_REACTIVATED, actor=samr, payload={"i": i}
        )
    print(f"audit_record: {(time.perf_counter() - start) / 500 * 1000:.2f} ms per event")


if __name__ == "__main__":
    main()
