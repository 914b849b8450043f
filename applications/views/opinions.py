"""征询监管意见: a department's requests and the answer page. A department sees only the
requests sent to it, and of the application only the enterprise, the product and the category."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.enums import Role
from accounts.http import AuthedRequest
from dgyp.exceptions import DomainError
from dgyp.paging import paginate
from dgyp.permissions import role_required

from .. import selectors, services
from ..forms import OpinionAnswerForm


@require_safe
@role_required(Role.DEPARTMENT)
def opinion_list(request: AuthedRequest) -> HttpResponse:
    waiting_only = request.GET.get("show") != "all"
    qs = selectors.opinion_requests_for_user(user=request.user, waiting_only=waiting_only)
    page, query_string = paginate(request, qs, 25)
    return render(
        request,
        "applications/opinion_list.html",
        {
            "page_obj": page,
            "query_string": query_string,
            "waiting_only": waiting_only,
            "today": timezone.localdate(),
        },
    )


@role_required(Role.DEPARTMENT)
def opinion_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    opinion = selectors.opinion_request_get_for_user(user=request.user, pk=pk)
    form = OpinionAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and opinion.is_withdrawn:
        messages.error(request, _("The programme office has withdrawn this request."))
        return redirect("applications:opinion", pk=opinion.pk)
    if request.method == "POST" and not opinion.is_answered and form.is_valid():
        try:
            services.opinion_answer(
                request=opinion,
                by=request.user,
                answer=form.cleaned_data["answer"],
                details=form.cleaned_data["details"],
                upload=form.cleaned_data.get("file"),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your answer has been sent to the programme office."))
            return redirect("applications:opinion", pk=opinion.pk)
    elif request.method == "POST" and opinion.is_answered:
        messages.error(request, _("This request has already been answered."))
        return redirect("applications:opinion", pk=opinion.pk)
    return render(
        request,
        "applications/opinion_answer.html",
        {"opinion": opinion, "form": form, "today": timezone.localdate()},
    )
