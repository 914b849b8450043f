"""The one path of every workflow state change: check, lock, change, audit, side effects on commit.

Workflow models declare their transitions with django-fsm-2 (`FSMField(protected=True)` and
`@transition`); services call `apply_transition`, never the model method directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from dgyp.audit import audit_record
from dgyp.exceptions import ConcurrentChange, TransitionNotAllowed
from dgyp.exceptions import PermissionDenied as DomainPermissionDenied

M = TypeVar("M", bound=models.Model)


def _state_label(instance: models.Model, field: str) -> str:
    display = getattr(instance, f"get_{field}_display", None)
    return str(display()) if display else str(getattr(instance, field))


def apply_transition(
    *,
    instance: M,
    action: str,
    by: Any,
    event_type: str,
    payload: dict[str, Any] | None = None,
    on_commit: Iterable[Callable[[], Any]] = (),
    before_save: Callable[[M], None] | None = None,
    **action_kwargs: Any,
) -> M:
    """Run the `action` transition of `instance` for the user `by` and return the locked copy.

    The row is re-read with `select_for_update()` inside the transaction, so of two concurrent
    transitions on one row the second sees the first's result and is refused. `before_save` may
    set further fields (a reason, a deadline) on the locked copy before it is saved.
    """
    model = type(instance)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=instance.pk)
        method = getattr(locked, action)
        field = method._django_fsm.field.name
        from_state = getattr(locked, field)
        if not can_proceed(method):
            raise TransitionNotAllowed(
                _("“%(action)s” is not possible while the record is “%(state)s”.")
                % {"action": _action_label(method), "state": _state_label(locked, field)}
            )
        if by is not None and not has_transition_perm(method, by):
            raise DomainPermissionDenied()
        method(**action_kwargs)
        if hasattr(locked, "state_changed_at"):
            locked.state_changed_at = timezone.now()
        if before_save is not None:
            before_save(locked)
        try:
            locked.save()
        except ConcurrentTransition as exc:  # another writer changed the state under us
            raise ConcurrentChange() from exc
        audit_record(
            event_type=event_type,
            actor=by,
            target=locked,
            from_state=from_state,
            to_state=getattr(locked, field),
            payload=payload,
        )
        for effect in on_commit:
            transaction.on_commit(effect)
    return locked


def _action_label(method: Any) -> str:
    """The transition's `custom={"label": ...}` (translated), else the method's name."""
    for transition in method._django_fsm.transitions.values():
        label = transition.custom.get("label")
        if label:
            return str(label)
    return method.__name__
