"""The base of every model with a protected workflow state (django-fsm-2)."""

from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMFieldMixin


class WorkflowModel(ConcurrentTransitionMixin, models.Model):
    """A model whose state changes only through `dgyp.transitions.apply_transition`.

    ConcurrentTransitionMixin makes the save fail if the state changed since the row was read.
    `refresh_from_db` reloads the protected state too (django-fsm's own mixin skips it), so
    code and tests can see the state another request set.
    """

    class Meta:
        abstract = True

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        for field in self._meta.concrete_fields:
            if isinstance(field, FSMFieldMixin) and field.protected:
                # Without the cached value the descriptor accepts the value read from the row.
                self.__dict__.pop(field.attname, None)
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
