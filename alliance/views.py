"""Pages of the alliance for signed-in users: SAMR staff (calls, applications, comments,
members), institutions (their applications), associations (screening), departments (comments
on the proposed list) and enterprises (ratings). The public pages are in portal/views/alliance.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dgyp.exceptions import DomainError, report
from dgyp.paging import paginate
from dgyp.permissions import role_required
from dgyp.roles import Role

from . import selectors, services
from .enums import ApplicationState, CallState, CommentResolution, MemberState
from .forms import (
    ApplicationFilterForm,
    ApplicationForm,
    AssignForm,
    BulkDecisionForm,
    CallForm,
    CommentDeadlineForm,
    DeadlineForm,
    DepartmentCommentForm,
    MaterialUploadForm,
    RatingForm,
    ReasonForm,
    RecommendationForm,
    ResolveForm,
    ViolationForm,
    materials_to_text,
)
from .models import AllianceCall, InstitutionApplication

STAFF = Role.SAMR_STAFF
READERS = (Role.SAMR_STAFF, Role.AUDITOR)


def _user(request: HttpRequest) -> Any:
    return request.user


# --- calls (staff) --------------------------------------------------------------------------------


@require_safe
@role_required(*READERS)
def call_list(request: HttpRequest) -> HttpResponse:
    page, query_string = paginate(request, selectors.call_list_for_user(user=_user(request)), 20)
    return render(
        request, "alliance/call_list.html", {"page_obj": page, "query_string": query_string}
    )


@role_required(STAFF)
def call_create(request: HttpRequest) -> HttpResponse:
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_create(
                title=data["title"],
                year=data["year"],
                criteria=data["criteria"],
                required_materials=data["required_materials"],
                deadline=data["deadline"],
                by=_user(request),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call has been saved as a draft."))
            return redirect("alliance:call_detail", pk=call.pk)
    return render(request, "alliance/call_form.html", {"form": form, "call": None})


@role_required(STAFF)
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=_user(request), pk=pk)
    if call.state != CallState.DRAFT:
        messages.error(request, _("A published call can no longer be edited."))
        return redirect("alliance:call_detail", pk=call.pk)
    initial = {
        "title": call.title,
        "year": call.year,
        "criteria": call.criteria,
        "required_materials": materials_to_text(call.required_materials),
        "deadline": call.deadline,
    }
    form = CallForm(request.POST or None, initial=initial, materials=call.required_materials)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.call_update(
                call=call,
                title=data["title"],
                year=data["year"],
                criteria=data["criteria"],
                required_materials=data["required_materials"],
                deadline=data["deadline"],
                by=_user(request),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call has been saved."))
            return redirect("alliance:call_detail", pk=call.pk)
    return render(request, "alliance/call_form.html", {"form": form, "call": call})


def _call_detail_context(request: HttpRequest, call: AllianceCall, **forms: Any) -> dict:
    counts = selectors.application_counts(call=call)
    context: dict[str, Any] = {
        "call": call,
        "counts": [
            (state, label, counts[state])
            for state, label in ApplicationState.choices
            if state != ApplicationState.DRAFT
        ],
        "drafts": counts[ApplicationState.DRAFT],
        "deadline_form": forms.get("deadline_form") or DeadlineForm(),
        "consultation_form": forms.get("consultation_form")
        or CommentDeadlineForm(initial={"comment_deadline": call.comment_deadline}),
        "consultation_problems": (
            services.consultation_problems(call) if call.state == CallState.REVIEWING else []
        ),
        "open_comments": call.comments.filter(resolution=CommentResolution.OPEN).count(),
        "comment_count": call.comments.count(),
        "comment_period_open": selectors.comment_period_open(call),
    }
    return context


@require_safe
@role_required(*READERS)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=_user(request), pk=pk)
    return render(request, "alliance/call_detail.html", _call_detail_context(request, call))


def _call_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    call = selectors.call_get_for_user(user=_user(request), pk=pk)
    done = {
        "publish": _("The call has been published."),
        "close": _("Applications are closed; acceptance and screening follow."),
        "establish": _("The alliance has been established and the announcement published."),
    }
    service = {
        "publish": services.call_publish,
        "close": services.call_close,
        "establish": services.call_establish,
    }[action]
    try:
        service(call=call, by=_user(request))
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, done[action])
    return redirect("alliance:call_detail", pk=call.pk)


@require_POST
@role_required(STAFF)
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_action(request, pk, "publish")


@require_POST
@role_required(STAFF)
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_action(request, pk, "close")


@require_POST
@role_required(STAFF)
def call_establish(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_action(request, pk, "establish")


@require_POST
@role_required(STAFF)
def call_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=_user(request), pk=pk)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.call_set_deadline(
                call=call, deadline=form.cleaned_data["deadline"], by=_user(request)
            )
        except DomainError as exc:
            report(request, exc)
        else:
            messages.success(request, _("The deadline has been changed."))
            return redirect("alliance:call_detail", pk=call.pk)
    return render(
        request,
        "alliance/call_detail.html",
        _call_detail_context(request, call, deadline_form=form),
        status=200 if form.is_valid() else 400,
    )


@require_POST
@role_required(STAFF)
def call_start_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    return _comment_deadline(request, pk, start=True)


@require_POST
@role_required(STAFF)
def call_comment_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    return _comment_deadline(request, pk, start=False)


def _comment_deadline(request: HttpRequest, pk: int, *, start: bool) -> HttpResponse:
    call = selectors.call_get_for_user(user=_user(request), pk=pk)
    form = CommentDeadlineForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "alliance/call_detail.html",
            _call_detail_context(request, call, consultation_form=form),
            status=400,
        )
    date = form.cleaned_data["comment_deadline"]
    try:
        if start:
            services.call_start_consultation(call=call, comment_deadline=date, by=_user(request))
        else:
            services.call_set_comment_deadline(call=call, comment_deadline=date, by=_user(request))
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(
            request,
            _("The proposed list is out for comment.")
            if start
            else _("The end of the comment period has been changed."),
        )
    return redirect("alliance:call_detail", pk=call.pk)


# --- applications (staff) -------------------------------------------------------------------------


@require_safe
@role_required(*READERS)
def application_queue(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=_user(request), pk=pk)
    form = ApplicationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.application_queue(
        user=_user(request),
        call=call,
        state=filters.get("state", ""),
        institution_type=filters.get("institution_type", ""),
        field=filters.get("field", ""),
        search=(filters.get("q") or "").strip(),
    )
    page, query_string = paginate(request, qs, 25)
    counts = selectors.application_counts(call=call)
    return render(
        request,
        "alliance/application_queue.html",
        {
            "call": call,
            "form": form,
            "page_obj": page,
            "query_string": query_string,
            "counts": [
                (state, label, counts[state])
                for state, label in ApplicationState.choices
                if state != ApplicationState.DRAFT
            ],
            "current_state": filters.get("state", ""),
            "bulk_allowed": call.state == CallState.REVIEWING and "samr_staff" in _roles(request),
        },
    )


def _roles(request: HttpRequest) -> frozenset[str]:
    return getattr(request.user, "role_names", frozenset())


@require_POST
@role_required(STAFF)
def application_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=_user(request), pk=pk)
    form = BulkDecisionForm(
        request.POST,
        queryset=call.applications.filter(state=ApplicationState.ACCEPTED).select_related("call"),
    )
    if not form.is_valid():
        messages.error(request, _("Choose the applications and the action."))
    else:
        done, refused = services.application_list_decide_many(
            applications=form.cleaned_data["applications"],
            action=form.cleaned_data["action"],
            by=_user(request),
        )
        if done:
            messages.success(request, _("%(n)d applications decided.") % {"n": len(done)})
        for application, reason in refused:
            messages.error(request, f"{application.institution}: {reason}")
    return redirect("alliance:application_queue", pk=call.pk)


def _staff_application_context(
    request: HttpRequest, application: InstitutionApplication, **forms: Any
) -> dict:
    return {
        "application": application,
        "call": application.call,
        "materials": selectors.materials_of(application=application),
        "screenings": list(selectors.screenings_of(application=application)),
        "comments": list(
            application.comments.select_related("author", "organisation").order_by("id")
        ),
        "timeline": selectors.application_timeline(application=application),
        "return_form": forms.get("return_form") or ReasonForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            queryset=selectors.associations().exclude(
                pk__in=application.screenings.values("association_id")
            )
        ),
        "fields": list(application.fields.all()),
    }


@require_safe
@role_required(*READERS)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=_user(request), pk=pk)
    return render(
        request,
        "alliance/application_detail.html",
        _staff_application_context(request, application),
    )


@require_POST
@role_required(STAFF)
def application_accept(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=_user(request), pk=pk)
    try:
        services.application_accept(application=application, by=_user(request))
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("The application has been accepted."))
    return redirect("alliance:application_detail", pk=pk)


@require_POST
@role_required(STAFF)
def application_return(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=_user(request), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "alliance/application_detail.html",
            _staff_application_context(request, application, return_form=form),
            status=400,
        )
    try:
        services.application_return(
            application=application, reason=form.cleaned_data["reason"], by=_user(request)
        )
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("The application has been returned to the institution."))
    return redirect("alliance:application_detail", pk=pk)


@require_POST
@role_required(STAFF)
def application_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=_user(request), pk=pk)
    form = AssignForm(request.POST, queryset=selectors.associations())
    if not form.is_valid():
        return render(
            request,
            "alliance/application_detail.html",
            _staff_application_context(request, application, assign_form=form),
            status=400,
        )
    try:
        services.screening_assign(
            application=application,
            associations=form.cleaned_data["associations"],
            by=_user(request),
        )
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("The associations have been asked to screen it."))
    return redirect("alliance:application_detail", pk=pk)


@require_POST
@role_required(STAFF)
def application_list_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = selectors.application_get_for_user(user=_user(request), pk=pk)
    try:
        services.application_list_decide(application=application, action=action, by=_user(request))
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("The proposed list has been updated."))
    if request.POST.get("next") == "queue":
        return redirect("alliance:application_queue", pk=application.call_id)
    return redirect("alliance:application_detail", pk=pk)


# --- comments (staff) -----------------------------------------------------------------------------


@require_safe
@role_required(*READERS)
def comment_list(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=_user(request), pk=pk)
    resolution = request.GET.get("resolution", "")
    if resolution not in CommentResolution.values:
        resolution = ""
    comments = selectors.comments_for_call(user=_user(request), call=call, resolution=resolution)
    proposed = selectors.proposed_applications(call=call)
    rows = [(c, ResolveForm(comment=c, proposed=proposed, prefix=f"c{c.pk}")) for c in comments]
    return render(
        request,
        "alliance/comment_list.html",
        {
            "call": call,
            "rows": rows,
            "resolution": resolution,
            "resolutions": CommentResolution.choices,
        },
    )


@require_POST
@role_required(STAFF)
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_staff(user=_user(request), pk=pk)
    form = ResolveForm(
        request.POST,
        comment=comment,
        proposed=selectors.proposed_applications(call=comment.call),
        prefix=f"c{comment.pk}",
    )
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("The comment was not resolved: %(errors)s") % {"errors": errors})
    else:
        try:
            services.comment_resolve(
                comment=comment,
                resolution=form.cleaned_data["resolution"],
                response=form.cleaned_data["response"],
                upheld_application=form.cleaned_data.get("upheld_application"),
                by=_user(request),
            )
        except DomainError as exc:
            report(request, exc)
        else:
            messages.success(request, _("The comment has been resolved."))
    return redirect("alliance:comment_list", pk=comment.call_id)


# --- members (staff) ------------------------------------------------------------------------------


@require_safe
@role_required(*READERS)
def member_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in MemberState.values:
        state = ""
    page, query_string = paginate(
        request, selectors.member_list_for_staff(user=_user(request), state=state), 25
    )
    return render(
        request,
        "alliance/member_list.html",
        {
            "page_obj": page,
            "query_string": query_string,
            "state": state,
            "states": MemberState.choices,
        },
    )


def _member_detail(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    member = selectors.member_get_for_staff(user=_user(request), pk=pk)
    return render(
        request,
        "alliance/member_detail.html",
        {
            "member": member,
            **selectors.member_history(member=member),
            "violation_form": forms.get("violation_form") or ViolationForm(),
            "disqualify_form": forms.get("disqualify_form") or ReasonForm(),
        },
        status=400 if forms else 200,
    )


@require_safe
@role_required(*READERS)
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _member_detail(request, pk)


@require_POST
@role_required(STAFF)
def violation_record(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get_for_staff(user=_user(request), pk=pk)
    form = ViolationForm(request.POST)
    if not form.is_valid():
        return _member_detail(request, pk, violation_form=form)
    try:
        services.violation_record(
            member=member,
            description=form.cleaned_data["description"],
            found_on=form.cleaned_data["found_on"],
            by=_user(request),
        )
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("The violation has been recorded."))
    return redirect("alliance:member_detail", pk=pk)


@require_POST
@role_required(STAFF)
def member_disqualify(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get_for_staff(user=_user(request), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _member_detail(request, pk, disqualify_form=form)
    try:
        services.member_disqualify(
            member=member, reason=form.cleaned_data["reason"], by=_user(request)
        )
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("The institution has been disqualified and it is announced."))
    return redirect("alliance:member_detail", pk=pk)


# --- institutions -----------------------------------------------------------------------------------


@require_safe
@role_required(Role.INSTITUTION)
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = list(selectors.applications_of_institution_user(user=_user(request)))
    applied = {a.call_id for a in applications}
    open_calls = [c for c in selectors.calls_open_for_applications() if c.pk not in applied]
    return render(
        request,
        "alliance/my_applications.html",
        {"applications": applications, "open_calls": open_calls},
    )


@role_required(Role.INSTITUTION)
def application_create(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = selectors.calls_open_for_applications().filter(pk=call_pk).first()
    institution = selectors.institutions_of(user=_user(request)).order_by("id").first()
    if call is None or institution is None:
        raise Http404
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                call=call,
                institution=institution,
                by=_user(request),
                fields=form.cleaned_data["industries"],
                **form.application_data(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("The application has been saved as a draft. Now add the materials.")
            )
            return redirect("alliance:my_application_detail", pk=application.pk)
    return render(
        request,
        "alliance/application_form.html",
        {"form": form, "call": call, "institution": institution, "application": None},
    )


def _my_application_context(
    request: HttpRequest, application: InstitutionApplication, **forms: Any
) -> dict:
    editable = services.application_is_editable(application)
    return {
        "application": application,
        "call": application.call,
        "materials": selectors.materials_of(application=application),
        "timeline": selectors.application_timeline(application=application, for_institution=True),
        "editable": editable,
        "problems": services.application_problems(application) if editable else [],
        "upload_form": forms.get("upload_form")
        or MaterialUploadForm(materials=application.call.required_materials),
        "fields": list(application.fields.all()),
    }


@require_safe
@role_required(Role.INSTITUTION)
def my_application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=_user(request), pk=pk)
    return render(
        request,
        "alliance/my_application_detail.html",
        _my_application_context(request, application),
    )


@role_required(Role.INSTITUTION)
def my_application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=_user(request), pk=pk)
    if not services.application_is_editable(application):
        messages.error(request, _("The application can no longer be changed."))
        return redirect("alliance:my_application_detail", pk=pk)
    form = ApplicationForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application=application,
                by=_user(request),
                fields=form.cleaned_data["industries"],
                **form.application_data(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The application has been saved."))
            return redirect("alliance:my_application_detail", pk=pk)
    return render(
        request,
        "alliance/application_form.html",
        {
            "form": form,
            "call": application.call,
            "institution": application.institution,
            "application": application,
        },
    )


@require_POST
@role_required(Role.INSTITUTION)
def my_application_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=_user(request), pk=pk)
    form = MaterialUploadForm(
        request.POST, request.FILES, materials=application.call.required_materials
    )
    if form.is_valid():
        try:
            services.application_upload_material(
                application=application,
                code=form.cleaned_data["code"],
                upload=form.cleaned_data["file"],
                by=_user(request),
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(
                request,
                _("“%(label)s” has been uploaded.")
                % {"label": application.call.material_label(form.cleaned_data["code"])},
            )
            return redirect("alliance:my_application_detail", pk=pk)
    return render(
        request,
        "alliance/my_application_detail.html",
        _my_application_context(request, application, upload_form=form),
        status=400,
    )


@require_POST
@role_required(Role.INSTITUTION)
def my_application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=_user(request), pk=pk)
    try:
        services.application_submit(application=application, by=_user(request))
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("The application has been submitted."))
    return redirect("alliance:my_application_detail", pk=pk)


# --- associations -------------------------------------------------------------------------------------


@require_safe
@role_required(Role.ASSOCIATION)
def screening_list(request: HttpRequest) -> HttpResponse:
    page, query_string = paginate(
        request, selectors.screening_tasks_for_user(user=_user(request)), 25
    )
    return render(
        request, "alliance/screening_list.html", {"page_obj": page, "query_string": query_string}
    )


@role_required(Role.ASSOCIATION)
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.screening_get_for_user(user=_user(request), pk=pk)
    application = assignment.application
    initial = (
        {"recommendation": assignment.recommendation, "reason": assignment.reason}
        if assignment.recommendation
        else None
    )
    form = RecommendationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.screening_record(
                    assignment=assignment,
                    recommendation=form.cleaned_data["recommendation"],
                    reason=form.cleaned_data["reason"],
                    by=_user(request),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your recommendation has been recorded."))
                return redirect("alliance:screening_list")
        status = 400
    return render(
        request,
        "alliance/screening_detail.html",
        {
            "assignment": assignment,
            "application": application,
            "materials": selectors.materials_of(application=application),
            "fields": list(application.fields.all()),
            "form": form,
            "may_decide": application.call.state in (CallState.OPEN, CallState.REVIEWING),
        },
        status=status,
    )


# --- departments --------------------------------------------------------------------------------------


@require_safe
@role_required(Role.DEPARTMENT)
def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alliance/consultation_list.html",
        {"calls": list(selectors.calls_in_consultation())},
    )


@role_required(Role.DEPARTMENT)
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Established calls stay readable: the department follows the answers to its comments.
    call = selectors.consultation_call_get(pk=pk, public=True)
    proposed = selectors.proposed_applications(call=call).filter(state=ApplicationState.PROPOSED)
    form = DepartmentCommentForm(request.POST or None, proposed=proposed)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_submit_department(
                    call=call,
                    body=form.cleaned_data["body"],
                    is_objection=form.cleaned_data["is_objection"],
                    application=form.cleaned_data["application"],
                    by=_user(request),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your comment has been recorded."))
                return redirect("alliance:consultation_detail", pk=call.pk)
        status = 400
    return render(
        request,
        "alliance/consultation_detail.html",
        {
            "call": call,
            "proposed": list(selectors.proposed_applications(call=call)),
            "form": form,
            "period_open": selectors.comment_period_open(call),
            "my_comments": list(selectors.comments_of_user(user=_user(request), call=call)),
        },
        status=status,
    )


# --- enterprises --------------------------------------------------------------------------------------


@require_safe
@role_required(Role.ENTERPRISE)
def rating_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alliance/rating_list.html",
        {"rows": selectors.members_for_rating(user=_user(request))},
    )


@role_required(Role.ENTERPRISE)
def rating_edit(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = selectors.active_member_get(pk=member_pk)
    enterprise = selectors.enterprise_of(user=_user(request))
    if enterprise is None:
        raise Http404
    existing = member.ratings.filter(enterprise=enterprise).first()
    initial = {"score": existing.score, "comment": existing.comment} if existing else None
    form = RatingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rating_save(
                    member=member,
                    enterprise=enterprise,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    by=_user(request),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Thank you: your rating has been saved."))
                return redirect("alliance:rating_list")
        status = 400
    return render(
        request,
        "alliance/rating_form.html",
        {"member": member, "form": form, "existing": existing},
        status=status,
    )
