"""Check the audit trail's hash chain; exit 1 and name the first bad row if it was tampered with."""

import sys

from django.core.management.base import BaseCommand

from dgyp.audit import audit_verify
from dgyp.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail."

    def handle(self, *args, **options):
        problem = audit_verify()
        if problem is not None:
            self.stderr.write(f"audit chain broken at event {problem.event_id}: {problem.reason}")
            sys.exit(1)
        last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
        count = AuditEvent.objects.count()
        # Record the last id and hash outside the database to detect a truncated tail later.
        tail = f"; last event {last[0]} hash {last[1]}" if last else ""
        self.stdout.write(f"audit chain intact: {count} events{tail}")
