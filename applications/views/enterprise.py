"""The enterprise's applications: start, edit with autosave, upload materials, submit, answer a
supplement request, follow the timeline, withdraw."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.enums import Role
from accounts.http import AuthedRequest
from dgyp.calendar import WorkingDayCalendar
from dgyp.exceptions import DomainError, attempt
from dgyp.paging import paginate
from dgyp.permissions import role_required

from .. import selectors, services
from ..enums import WITHDRAWABLE_STATES, ApplicationState, EvaluationDimension
from ..forms import DraftForm, MaterialUploadForm, ResubmitForm, StartForm, WithdrawForm
from ..models import Application, ApplicationMaterial


def _own_application(request: AuthedRequest, pk: int) -> Application:
    """The application if it belongs to one of the user's enterprises (else 404)."""
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    if not selectors.application_is_own(user=request.user, application=app):
        raise Http404
    return app


@require_safe
@role_required(Role.ENTERPRISE)
def my_applications(request: AuthedRequest) -> HttpResponse:
    qs = selectors.application_list_for_enterprise_user(user=request.user)
    page, query_string = paginate(request, qs, 20)
    rows = []
    calendar = WorkingDayCalendar()  # one read of the calendar for every row
    for app in page.object_list:
        supplement = app.open_supplements[0] if app.open_supplements else None
        rows.append(
            (app, selectors.application_status(app, supplement=supplement, calendar=calendar))
        )
    return render(
        request,
        "applications/my_list.html",
        {
            "page_obj": page,
            "query_string": query_string,
            "rows": rows,
            "open_calls": selectors.calls_open(),
        },
    )


@role_required(Role.ENTERPRISE)
def application_start(request: AuthedRequest, call_pk: int) -> HttpResponse:
    """Choose the category; the POST creates the draft (PRG to the editor). A repeated POST
    with the same `client_key` lands on the same draft."""
    call = get_object_or_404(selectors.calls_open(), pk=call_pk)
    enterprise = selectors.enterprises_of(user=request.user).first()
    if enterprise is None:
        raise Http404
    form = StartForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.application_start(
                call=call,
                enterprise=enterprise,
                category=form.cleaned_data["category"],
                by=request.user,
                client_key=form.cleaned_data["client_key"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("applications:edit", pk=app.pk)
    return render(
        request,
        "applications/start.html",
        {"call": call, "form": form, "enterprise": enterprise},
    )


def _editor_context(app: Application, form: DraftForm, **extra: Any) -> dict[str, Any]:
    current = services.current_materials(app)
    materials = [
        {
            "code": m["code"],
            "label": m["label"],
            "file": current.get(m["code"]),
            "form": MaterialUploadForm(initial={"code": m["code"]}, prefix=f"m-{m['code']}"),
        }
        for m in app.call.required_materials
    ]
    supplement = (
        selectors.open_supplement(app)
        if app.state == ApplicationState.SUPPLEMENT_REQUESTED
        else None
    )
    return {
        "application": app,
        "form": form,
        "materials": materials,
        "supplement": supplement,
        "status": selectors.application_status(app, supplement=supplement),
        "resubmit_form": ResubmitForm(),
        "subsidy_notes": services.subsidy_rule_notice(app),
        "dimensions": EvaluationDimension.choices,
        **extra,
    }


@role_required(Role.ENTERPRISE)
def application_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The draft editor (also the answer to a supplement request). Works without JavaScript:
    "save draft" and "submit" post the whole form; with it, autosave keeps the draft."""
    app = _own_application(request, pk)
    if app.state not in services.EDITABLE_STATES:
        return redirect("applications:detail", pk=app.pk)
    form = DraftForm(request.POST or None, application=app)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "save")
        saved = False
        try:
            app = services.application_save_draft(
                application=app,
                by=request.user,
                data=form.service_data(),
                version=form.cleaned_data["version"],
            )
            saved = True
            if action == "submit" and app.state == ApplicationState.DRAFT:
                app = services.application_submit(application=app, by=request.user)
                messages.success(
                    request,
                    _("Application %(ref)s has been submitted.") % {"ref": app.reference},
                )
                return redirect("applications:detail", pk=app.pk)
            if action == "resubmit" and app.state == ApplicationState.SUPPLEMENT_REQUESTED:
                note_form = ResubmitForm(request.POST)
                note = note_form.cleaned_data["note"] if note_form.is_valid() else ""
                app = services.application_resubmit(application=app, by=request.user, note=note)
                messages.success(request, _("The supplement has been sent to the reviewer."))
                return redirect("applications:detail", pk=app.pk)
        except services.SubmitRefused as exc:
            problems = exc.problems
            app = _own_application(request, pk)
            form = DraftForm(application=app)
        except services.StaleDraft as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            if saved:
                # The draft was saved before the action was refused: show the saved version, so
                # the next save is not refused as coming from a stale page.
                app = _own_application(request, pk)
                data = request.POST.copy()
                data["version"] = str(app.version)
                form = DraftForm(data, application=app)
                form.is_valid()
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("applications:edit", pk=app.pk)
    return render(request, "applications/edit.html", _editor_context(app, form, problems=problems))


def _autosave_payload(request: AuthedRequest) -> dict[str, Any]:
    """The fields as JSON (fetch) or as form fields (sendBeacon's FormData)."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return {}
        fields = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(fields, dict):
            return {}
        data = {k: v for k, v in fields.items() if isinstance(v, str | int | float)}
        data["version"] = body.get("version")
        return data
    return request.POST.dict()


@require_POST
@role_required(Role.ENTERPRISE)
def application_autosave(request: AuthedRequest, pk: int) -> JsonResponse:
    """自动保存: answers the new version; 409 when another window saved in between."""
    app = _own_application(request, pk)
    form = DraftForm(_autosave_payload(request), application=app)
    if not form.is_valid():
        return JsonResponse(
            {
                "error": "invalid",
                "message": _("Some fields could not be saved; check them."),
                "errors": {k: [str(e) for e in v] for k, v in form.errors.items()},
            },
            status=400,
        )
    try:
        app = services.application_save_draft(
            application=app,
            by=request.user,
            data=form.service_data(),
            version=form.cleaned_data["version"],
        )
    except services.StaleDraft as exc:
        return JsonResponse({"error": "stale", "message": str(exc.message)}, status=409)
    except DomainError as exc:
        return JsonResponse({"error": "refused", "message": str(exc.message)}, status=400)
    return JsonResponse(
        {"version": app.version, "saved_at": time_format(timezone.localtime(), "H:i")}
    )


@require_POST
@role_required(Role.ENTERPRISE)
def material_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _own_application(request, pk)
    code = request.POST.get("code", "")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            services.application_attach_material(
                application=app, code=code, upload=upload, by=request.user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("“%(name)s” has been uploaded.") % {"name": upload.name},
            )
    return redirect(f"{_edit_url(app)}#materials")


@require_POST
@role_required(Role.ENTERPRISE)
def material_remove(request: AuthedRequest, pk: int, material_pk: int) -> HttpResponse:
    app = _own_application(request, pk)
    material = get_object_or_404(ApplicationMaterial, pk=material_pk, application=app)
    attempt(
        request,
        lambda: services.application_remove_material(material=material, by=request.user),
        success=_("The file has been removed."),
    )
    return redirect(f"{_edit_url(app)}#materials")


def _edit_url(app: Application) -> str:
    from django.urls import reverse

    return reverse("applications:edit", args=[app.pk])


@role_required(Role.ENTERPRISE, Role.SAMR_STAFF, Role.AUDITOR)
def application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The enterprise's page of one application: state, what is expected next, the timeline.
    Reviewers who follow a link here land on the review page."""
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    if not selectors.application_is_own(user=request.user, application=app):
        return redirect("applications:review", pk=app.pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    supplement = selectors.open_supplement(app)
    return render(
        request,
        "applications/detail.html",
        {
            "application": app,
            "status": selectors.application_status(app, supplement=supplement),
            "supplement": supplement,
            "timeline": selectors.application_timeline(application=app, for_enterprise=True),
            "materials": _materials_list(app),
            "may_withdraw": app.state in WITHDRAWABLE_STATES,
            "may_edit": app.state in services.EDITABLE_STATES,
            "withdraw_form": WithdrawForm(),
            "subsidy_notes": services.subsidy_rule_notice(app)
            if app.state == ApplicationState.DRAFT
            else [],
            "dimensions": [
                (label, app.self_evaluation.get(value, ""))
                for value, label in EvaluationDimension.choices
            ],
        },
    )


def _materials_list(app: Application) -> list[dict[str, Any]]:
    current = services.current_materials(app)
    return [
        {"code": m["code"], "label": m["label"], "file": current.get(m["code"])}
        for m in app.call.required_materials
    ]


@require_POST
@role_required(Role.ENTERPRISE)
def application_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _own_application(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.application_withdraw(application=app, by=request.user, reason=reason),
        success=_("The application has been withdrawn."),
    )
    return redirect("applications:detail", pk=pk)
