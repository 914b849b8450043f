"""Create the Django group of every role (idempotent; migration 0002 does the same)."""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from accounts.enums import Role


class Command(BaseCommand):
    help = "Ensure one Django group exists per role."

    def handle(self, *args, **options):
        created = [r.value for r in Role if Group.objects.get_or_create(name=r.value)[1]]
        self.stdout.write(
            f"roles: {len(Role)} groups, {len(created)} created {created or ''}".strip()
        )
