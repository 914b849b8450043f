"""Writing and verifying the audit trail (审计日志). The only writer of AuditEvent rows."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from dgyp.enums import AuditEventType
from dgyp.models import AuditEvent
from dgyp.request_context import current_client_ip

GENESIS_HASH = "0" * 64
# Any constant: serialises writers of the chain on PostgreSQL so two rows never share a parent.
_CHAIN_LOCK_KEY = 0x44475950


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def audit_record(
    *,
    event_type: AuditEventType | str,
    actor: Any = None,
    organisation: Any = None,
    target: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    payload: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one event to the chain. Never pass personal data unmasked in `payload`."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if organisation is None and actor is not None:
        organisation = _primary_organisation(actor)
    # Round-trip through JSON now so the hash covers exactly what the database will return.
    clean_payload = json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder))
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            created_at=timezone.now(),
            actor=actor,
            actor_organisation=organisation,
            event_type=str(event_type),
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=str(target.pk) if target is not None else "",
            target_repr=str(target)[:200] if target is not None else "",
            from_state=from_state or "",
            to_state=to_state or "",
            payload=clean_payload,
            ip_address=_normalise_ip(ip_address if ip_address is not None else current_client_ip()),
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def _normalise_ip(value: str | None) -> str | None:
    """The form the database returns (IPv6 compressed), so the hash verifies; junk → None."""
    if not value:
        return None
    value = value.strip()
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # Django's own IPv6 form (it keeps "::ffff:1.2.3.4"), which is what PostgreSQL returns too.
    return clean_ipv6_address(value) if address.version == 6 else value


def _primary_organisation(user: Any) -> Any:
    cached = getattr(user, "_primary_organisation", "unset")
    if cached == "unset":
        membership = (
            user.memberships.select_related("organisation")
            .filter(organisation__isnull=False)
            .order_by("id")
            .first()
        )
        cached = membership.organisation if membership else None
        user._primary_organisation = cached
    return cached


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    reason: str


def audit_verify(*, batch_size: int = 2000) -> ChainProblem | None:
    """Walk the chain in id order; return the first row whose content or link is wrong."""
    expected_prev = GENESIS_HASH
    for event in _iterate(batch_size):
        if event.prev_hash != expected_prev:
            return ChainProblem(
                event.id, "the previous row's hash does not match (a row was removed or altered)"
            )
        if event.compute_hash() != event.hash:
            return ChainProblem(event.id, "the row's content does not match its hash")
        expected_prev = event.hash
    return None


def _iterate(batch_size: int) -> Iterator[AuditEvent]:
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
