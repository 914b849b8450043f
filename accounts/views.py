"""Pages of accounts: registration, login and passwords, dashboards, enterprises for staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dgyp import calendar as working_days
from dgyp import dashboard as dashboard_panels
from dgyp.attachments import AttachmentRefused
from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError
from dgyp.masking import mask_mobile
from dgyp.models import Notification
from dgyp.paging import paginate
from dgyp.permissions import role_required

from . import selectors, services
from .enums import OrganisationKind, OrganisationStatus, Role
from .forms import (
    BusinessLicenceForm,
    CeleryPasswordResetForm,
    EnterpriseRegistrationForm,
    InstitutionRegistrationForm,
    ReasonForm,
)
from .http import AuthedRequest
from .models import Organisation, Town

# Order in which a user holding several roles lands: the most operational role first.
DASHBOARD_ORDER = [
    Role.SAMR_STAFF,
    Role.SAST_STAFF,
    Role.ENTERPRISE,
    Role.INSTITUTION,
    Role.ASSOCIATION,
    Role.DEPARTMENT,
    Role.EXPERT,
    Role.LEADING_GROUP,
    Role.AUDITOR,
]


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            event_type=AuditEventType.USER_PASSWORD_CHANGED,
            actor=self.request.user,
            target=self.request.user,
        )
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = CeleryPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            event_type=AuditEventType.USER_PASSWORD_RESET, actor=form.user, target=form.user
        )
        return response


def _register(request: HttpRequest, kind: str, form_class, template: str) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _org, user = services.organisation_register(
                kind=kind,
                name=data["name"],
                credit_code=data["credit_code"],
                registered_address=data["registered_address"],
                town=data["town"],
                legal_representative=data["legal_representative"],
                contact_name=data["contact_name"],
                contact_mobile=data["contact_mobile"],
                username=data["username"],
                email=data["email"],
                password=data["password1"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user, backend="accounts.backends.PortalModelBackend")
            messages.success(request, _("Registration complete. Welcome to the 东莞优品 portal."))
            return redirect("accounts:dashboard")
    return render(request, template, {"form": form})


def register_enterprise(request: HttpRequest) -> HttpResponse:
    return _register(
        request,
        OrganisationKind.ENTERPRISE,
        EnterpriseRegistrationForm,
        "accounts/register_enterprise.html",
    )


def register_institution(request: HttpRequest) -> HttpResponse:
    """Testing, certification and standardisation bodies register to apply to the alliance."""
    return _register(
        request,
        OrganisationKind.INSTITUTION,
        InstitutionRegistrationForm,
        "accounts/register_institution.html",
    )


@role_required()
def dashboard(request: AuthedRequest) -> HttpResponse:
    user = request.user
    held = [r for r in DASHBOARD_ORDER if r in user.role_names]
    requested = request.GET.get("role")
    role = requested if requested in held else (held[0] if held else None)
    context: dict = {
        "role": role,
        "role_label": Role(role).label if role else "",
        "roles": [(r, Role(r).label) for r in held],
        "memberships": selectors.memberships_of(user=user),
        "recent_notifications": Notification.objects.filter(recipient=user)[:5],
        "panels": dashboard_panels.panels_for(role, user),
    }
    if role == Role.SAMR_STAFF:
        context["enterprise_counts"] = Organisation.objects.filter(
            kind=OrganisationKind.ENTERPRISE
        ).aggregate(
            total=Count("id"),
            active=Count("id", filter=Q(status=OrganisationStatus.ACTIVE)),
            deactivated=Count("id", filter=Q(status=OrganisationStatus.DEACTIVATED)),
            this_month=Count(
                "id",
                filter=Q(
                    created_at__gte=timezone.localtime().replace(
                        day=1, hour=0, minute=0, second=0, microsecond=0
                    )
                ),
            ),
        )
    if role in (Role.SAMR_STAFF, Role.AUDITOR):
        next_year = timezone.localdate().year + 1
        context["next_year"] = next_year
        context["next_year_covered"] = next_year in working_days.covered_years()
    if role == Role.ENTERPRISE:
        context["my_enterprises"] = selectors.organisations_of(
            user=user, kind=OrganisationKind.ENTERPRISE
        ).select_related("town")
    return render(request, "accounts/dashboard.html", context)


@role_required(Role.ENTERPRISE)
def my_organisation(request: AuthedRequest) -> HttpResponse:
    org = (
        selectors.organisations_of(user=request.user, kind=OrganisationKind.ENTERPRISE)
        .select_related("town", "business_licence")
        .first()
    )
    if org is None:
        raise Http404
    form = BusinessLicenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_set_business_licence(
                organisation=org, upload=form.cleaned_data["file"], by=request.user
            )
        except AttachmentRefused as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("The business licence has been uploaded."))
            return redirect("accounts:my_organisation")
    return render(
        request,
        "accounts/my_organisation.html",
        {"organisation": org, "form": form, "show_full_mobile": True},
    )


@role_required(Role.SAMR_STAFF, Role.AUDITOR)
def enterprise_list(request: AuthedRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    town = request.GET.get("town", "")
    qs = selectors.enterprise_list_for_user(
        user=request.user, search=search, status=status, town=town
    )
    page, query_string = paginate(request, qs, 25)
    return render(
        request,
        "accounts/enterprise_list.html",
        {
            "page_obj": page,
            "rows": [(org, mask_mobile(org.contact_mobile)) for org in page.object_list],
            "query_string": query_string,
            "q": search,
            "status": status,
            "town": town,
            "towns": Town.objects.all(),
            "statuses": OrganisationStatus.choices,
        },
    )


def _enterprise_detail(request: AuthedRequest, pk: int, *, reveal: bool = False, form=None):
    org = selectors.enterprise_get_for_user(user=request.user, pk=pk)
    may_reveal = selectors.may_see_personal_data(user=request.user, organisation=org)
    return render(
        request,
        "accounts/enterprise_detail.html",
        {
            "organisation": org,
            "may_reveal": may_reveal,
            "show_full_mobile": reveal and may_reveal,
            "masked_mobile": mask_mobile(org.contact_mobile),
            "form": form or ReasonForm(),
            "members": org.memberships.select_related("user").order_by("id"),
        },
    )


@role_required(Role.SAMR_STAFF, Role.AUDITOR)
def enterprise_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _enterprise_detail(request, pk)


@require_POST
@role_required(Role.SAMR_STAFF)
def enterprise_reveal_contact(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show the full mobile number once, and leave a trace of who looked (查看留痕)."""
    org = selectors.enterprise_get_for_user(user=request.user, pk=pk)
    audit_record(
        event_type=AuditEventType.PERSONAL_DATA_REVEALED,
        actor=request.user,
        target=org,
        payload={"field": "contact_mobile"},
    )
    return _enterprise_detail(request, pk, reveal=True)


@require_POST
@role_required(Role.SAMR_STAFF)
def enterprise_set_status(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    org = selectors.enterprise_get_for_user(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _enterprise_detail(request, pk, form=form)
    reason = form.cleaned_data["reason"]
    try:
        if action == "deactivate":
            services.organisation_deactivate(organisation=org, by=request.user, reason=reason)
        else:
            services.organisation_reactivate(organisation=org, by=request.user, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        done = {
            "deactivate": gettext_lazy("The enterprise has been deactivated."),
            "reactivate": gettext_lazy("The enterprise has been reactivated."),
        }[action]
        messages.success(request, done)
    return redirect("accounts:enterprise_detail", pk=pk)
