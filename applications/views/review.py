"""资格审核: the staff queue (filters, counts, bulk actions, XLSX export) and the review page of
one application (materials, checklist, notes, supplements, opinions, decision). Auditors read."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.enums import Role
from accounts.http import AuthedRequest
from accounts.models import Town
from catalog.models import Category
from dgyp.exceptions import DomainError, attempt
from dgyp.paging import paginate
from dgyp.permissions import role_required

from .. import selectors, services
from ..enums import (
    QUEUE_STATES,
    REVIEW_STATES,
    ApplicationState,
    EvaluationDimension,
    SupplementState,
)
from ..forms import NoteForm, OpinionRequestForm, ReasonForm, SupplementForm
from ..models import Application, Call

QUEUE_PAGE_SIZE = 25


@require_safe
@role_required(Role.SAMR_STAFF, Role.AUDITOR)
def queue(request: AuthedRequest) -> HttpResponse:
    filters = selectors.QueueFilters.from_params(request.GET)
    qs = selectors.application_queue(user=request.user, filters=filters)
    page, query_string = paginate(request, qs, QUEUE_PAGE_SIZE)
    now = timezone.now()
    rows = [(app, selectors.waiting_days(app, now=now)) for app in page.object_list]
    counts = selectors.application_queue_counts(user=request.user, filters=filters)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("state", None)
    return render(
        request,
        "applications/queue.html",
        {
            "page_obj": page,
            "query_string": query_string,
            "rows": rows,
            "filters": filters,
            "counts": [(s, ApplicationState(s).label, counts.get(str(s), 0)) for s in QUEUE_STATES],
            "total": counts["total"],
            "state_query": params.urlencode(),
            "calls": Call.objects.order_by("-year", "-opens_on"),
            "categories": Category.objects.filter(edition__calls__isnull=False)
            .distinct()
            .order_by("edition", "order", "code"),
            "towns": Town.objects.all(),
            "states": [(s.value, s.label) for s in ApplicationState if s != ApplicationState.DRAFT],
            "waiting_choices": selectors.WAITING_CHOICES,
            "sorts": [
                ("-submitted", _("Newest first")),
                ("submitted", _("Oldest first")),
                ("waiting", _("Waiting longest")),
                ("enterprise", _("Enterprise")),
                ("reference", _("Reference number")),
            ],
            "may_act": request.user.has_role(Role.SAMR_STAFF),
        },
    )


@require_safe
@role_required(Role.SAMR_STAFF, Role.AUDITOR)
def queue_export(request: AuthedRequest) -> HttpResponse:
    """The queue under the current filters as an XLSX file (built in a temporary file by
    openpyxl's write-only mode, rows read in chunks: memory stays flat)."""
    filters = selectors.QueueFilters.from_params(request.GET)
    qs = selectors.application_queue(user=request.user, filters=filters)
    content = services.applications_queue_export(
        queryset=qs,
        filters={
            name: getattr(filters, name)
            for name in ("call", "category", "town", "state", "waiting", "q", "sort")
            if getattr(filters, name) not in (None, "")
        },
        by=request.user,
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(Role.SAMR_STAFF)
def queue_bulk(request: AuthedRequest) -> HttpResponse:
    """Bulk actions on the ticked rows: accept (start the review) or hand over to SAST."""
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][:500]
    action = request.POST.get("action", "")
    back = request.POST.get("next", "")
    if not back.startswith("/"):
        back = ""
    if not ids:
        messages.error(request, _("Tick one or more applications first."))
        return redirect(back or "applications:queue")
    apps = list(Application.objects.exclude(state=ApplicationState.DRAFT).filter(pk__in=ids))
    if action == "hand_over":
        done, refused = services.applications_hand_over(applications=apps, by=request.user)
        ok_text = _("%(n)d application(s) handed over to the science association.")
    elif action == "start_review":
        done, refused = services.applications_start_review(applications=apps, by=request.user)
        ok_text = _("%(n)d application(s) accepted for the qualification review.")
    else:
        messages.error(request, _("Choose an action."))
        return redirect(back or "applications:queue")
    if done:
        messages.success(request, ok_text % {"n": len(done)})
    for line in refused:
        messages.error(request, line)
    return redirect(back or "applications:queue")


def _last_submitted_content(app: Application) -> tuple[Any, dict[str, Any], dict]:
    """While the enterprise answers a supplement, its edits are unsubmitted: staff see the
    content and files of the last submitted version instead (the application-like fields,
    the files by material code, the self-evaluation)."""
    version = app.versions.order_by("-number").first()
    data = version.data if version is not None else services.snapshot(app)
    sales = data.get("annual_sales_yuan") or None
    shown = SimpleNamespace(
        product_name=data.get("product_name", ""),
        models_specs=data.get("models_specs", ""),
        trademark=data.get("trademark", ""),
        product_standard=data.get("product_standard", ""),
        product_standard_other=data.get("product_standard_other", ""),
        annual_output=data.get("annual_output", ""),
        annual_sales_yuan=sales,
    )
    by_attachment = {
        (m.code, m.attachment_id): m
        for m in app.materials.filter(
            attachment_id__in=[f["attachment"] for f in data.get("materials", {}).values()]
        ).select_related("attachment")
    }
    files = {
        code: by_attachment.get((code, f["attachment"]))
        for code, f in data.get("materials", {}).items()
    }
    return shown, {k: v for k, v in files.items() if v is not None}, data.get("self_evaluation", {})


def _review_context(request: AuthedRequest, app: Application, **forms) -> dict:
    marks = {m.code: m for m in app.checklist_marks.select_related("marked_by")}
    shows_last_version = app.state == ApplicationState.SUPPLEMENT_REQUESTED
    if shows_last_version:
        shown, current, evaluation = _last_submitted_content(app)
    else:
        shown, current, evaluation = app, services.current_materials(app), app.self_evaluation
    supplements = list(app.supplements.select_related("requested_by").order_by("round"))
    open_supplement = next((s for s in supplements if s.state == SupplementState.OPEN), None)
    today = timezone.localdate()
    may_act = request.user.has_role(Role.SAMR_STAFF)
    in_review = app.state in REVIEW_STATES
    context = {
        "application": app,
        "shown": shown,
        "shows_last_version": shows_last_version,
        "status": selectors.application_status(app, supplement=open_supplement),
        "waiting": selectors.waiting_days(app),
        "materials": [
            {"code": m["code"], "label": m["label"], "file": current.get(m["code"])}
            for m in app.call.required_materials
        ],
        "checklist": [
            {"code": c["code"], "label": c["label"], "mark": marks.get(c["code"])}
            for c in app.call.checklist
        ],
        "notes": app.review_notes.select_related("author"),
        "supplements": supplements,
        "open_supplement": open_supplement,
        "supplement_overdue": open_supplement is not None and today > open_supplement.deadline,
        "opinions": app.opinion_requests.select_related("department", "answered_by", "attachment"),
        "diff": selectors.version_diff(application=app),
        "versions": app.versions.order_by("number"),
        "timeline": selectors.application_timeline(application=app, for_enterprise=False),
        "blockers": services.qualification_blockers(app) if in_review else [],
        "may_act": may_act,
        "in_review": in_review,
        "dimensions": [
            (label, evaluation.get(value, "")) for value, label in EvaluationDimension.choices
        ],
        "today": today,
    }
    if may_act:
        context.update(
            note_form=forms.get("note_form") or NoteForm(),
            supplement_form=forms.get("supplement_form")
            or SupplementForm(initial={"working_days": app.call.supplement_working_days}),
            opinion_form=forms.get("opinion_form") or OpinionRequestForm(),
            reject_form=forms.get("reject_form") or ReasonForm(),
        )
    return context


@require_safe
@role_required(Role.SAMR_STAFF, Role.AUDITOR)
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    if app.state == ApplicationState.DRAFT:  # an enterprise user who is also staff
        return redirect("applications:detail", pk=pk)
    return render(request, "applications/review.html", _review_context(request, app))


def _back(app: Application) -> HttpResponse:
    return redirect("applications:review", pk=app.pk)


def _staff_application(request: AuthedRequest, pk: int) -> Application:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    if app.state == ApplicationState.DRAFT:
        from django.http import Http404

        raise Http404
    return app


@require_POST
@role_required(Role.SAMR_STAFF)
def review_start(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _staff_application(request, pk)
    attempt(
        request,
        lambda: services.application_start_review(application=app, by=request.user),
        success=_("The qualification review has started."),
    )
    return _back(app)


@require_POST
@role_required(Role.SAMR_STAFF)
def review_checklist(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _staff_application(request, pk)
    marks: dict[str, tuple[bool | None, str]] = {}
    for item in app.call.checklist:
        code = item["code"]
        value = request.POST.get(f"ok_{code}", "")
        ok = {"yes": True, "no": False}.get(value)
        marks[code] = (ok, request.POST.get(f"note_{code}", ""))
    attempt(
        request,
        lambda: services.application_mark_checklist(application=app, by=request.user, marks=marks),
        success=_("The checklist has been saved."),
    )
    return _back(app)


@require_POST
@role_required(Role.SAMR_STAFF)
def review_note(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _staff_application(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "applications/review.html",
            _review_context(request, app, note_form=form),
            status=400,
        )
    try:
        services.application_add_note(
            application=app, by=request.user, body=form.cleaned_data["body"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The note has been added."))
    return _back(app)


@require_POST
@role_required(Role.SAMR_STAFF)
def review_supplement(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _staff_application(request, pk)
    form = SupplementForm(request.POST)
    if form.is_valid():
        try:
            request_ = services.application_request_supplement(
                application=app,
                by=request.user,
                items=form.cleaned_data["items"],
                working_days=form.cleaned_data["working_days"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            from django.utils.formats import date_format

            messages.success(
                request,
                _("The enterprise has been asked for supplements by %(date)s.")
                % {"date": date_format(request_.deadline, "DATE_FORMAT")},
            )
            return _back(app)
    return render(
        request,
        "applications/review.html",
        _review_context(request, app, supplement_form=form),
        status=400,
    )


@require_POST
@role_required(Role.SAMR_STAFF)
def review_opinions(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _staff_application(request, pk)
    form = OpinionRequestForm(request.POST)
    if form.is_valid():
        try:
            created = services.opinion_requests_send(
                application=app,
                departments=form.cleaned_data["departments"],
                due_date=form.cleaned_data["due_date"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Opinions requested from %(n)d department(s).") % {"n": len(created)}
            )
            return _back(app)
    return render(
        request,
        "applications/review.html",
        _review_context(request, app, opinion_form=form),
        status=400,
    )


@require_POST
@role_required(Role.SAMR_STAFF)
def review_opinion_withdraw(request: AuthedRequest, pk: int, request_pk: int) -> HttpResponse:
    """Withdraw an unanswered opinion request, with the reason."""
    app = _staff_application(request, pk)
    opinion = app.opinion_requests.filter(pk=request_pk).first()
    if opinion is None:
        from django.http import Http404

        raise Http404
    try:
        services.opinion_request_withdraw(
            request=opinion, by=request.user, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The opinion request has been withdrawn."))
    return _back(app)


@require_POST
@role_required(Role.SAMR_STAFF)
def review_qualify(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _staff_application(request, pk)
    attempt(
        request,
        lambda: services.application_qualify(application=app, by=request.user),
        success=_("The application is qualified."),
    )
    return _back(app)


@require_POST
@role_required(Role.SAMR_STAFF)
def review_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _staff_application(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.application_reject(
                application=app, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("The application has been rejected; the enterprise is told why.")
            )
            return _back(app)
    return render(
        request,
        "applications/review.html",
        _review_context(request, app, reject_form=form),
        status=400,
    )
