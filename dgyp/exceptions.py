"""Domain errors: raised by services with a message a clerk understands, mapped once in views."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the programme refused the action. `message` is shown to the user as is."""

    default_message = _("The action could not be completed.")

    def __init__(self, message=None, *, code: str = "domain_error"):
        self.message = message if message is not None else self.default_message
        self.code = code
        super().__init__(str(self.message))


class PermissionDenied(DomainError):
    default_message = _("You do not have permission to do this.")


class TransitionNotAllowed(DomainError):
    default_message = _("This step is not possible in the current state.")


class ConcurrentChange(DomainError):
    default_message = _(
        "Someone else changed this record at the same time. Reload the page and try again."
    )


def report(request, exc: DomainError, form=None) -> None:
    """Show a refused action to the user: on the form when there is one, else as a message.
    A refused permission is a 403, like a view's own check."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied as HttpPermissionDenied

    if isinstance(exc, PermissionDenied):
        raise HttpPermissionDenied
    if form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, str(exc.message))


def attempt(request, action, *, success=None, form=None) -> bool:
    """Run a service call for a view: on success say `success`; on a refusal show its message
    on `form` (when given) or as an error message. Returns whether the action went through."""
    from django.contrib import messages

    try:
        action()
    except DomainError as exc:
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
        return False
    if success is not None:
        messages.success(request, success)
    return True
