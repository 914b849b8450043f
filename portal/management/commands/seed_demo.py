"""Demo data for local use (`make run`): organisations, one user per role, and each stage's
demo records. Idempotent: running it again adds nothing that is already there."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo as accounts_demo

# Each later stage adds `load_demo(base)` in its own demo.py and is listed here, in order.
STAGES: list[str] = ["catalog", "alliance", "applications"]


class Command(BaseCommand):
    help = f"Load demo data (password of every demo user: {accounts_demo.DEMO_PASSWORD})."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="allow when DEBUG is off")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is for local use; pass --force to load it anyway.")
        base = accounts_demo.load_demo()
        from importlib import import_module

        for stage in STAGES:
            import_module(f"{stage}.demo").load_demo(base)
        from accounts.models import Organisation, User

        self.stdout.write(
            f"demo data ready: {Organisation.objects.count()} organisations, "
            f"{User.objects.count()} users; password {accounts_demo.DEMO_PASSWORD}"
        )
