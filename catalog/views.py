"""Pages of the product-category catalogue: staff run the editions; associations and
enterprises suggest; alliance institutions research; member units comment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.enums import Role
from accounts.http import AuthedRequest
from dgyp.exceptions import DomainError, report
from dgyp.paging import paginate
from dgyp.permissions import role_required

from . import selectors, services
from .enums import EditionState, SuggestionState
from .forms import (
    BulkMergeForm,
    CategoryCreateForm,
    CategoryForm,
    CommentForm,
    ConsultationStartForm,
    EditionForm,
    GroupStandardForm,
    ReasonForm,
    ResearchNoteForm,
    ResponseForm,
    StandardForm,
    SuggestionForm,
    SuggestionMergeForm,
    next_category_code,
)
from .models import CatalogEdition, Category, Industry

STAFF = Role.SAMR_STAFF
SUGGESTERS = (Role.ASSOCIATION, Role.ENTERPRISE)


# --- staff: editions --------------------------------------------------------------------------


@require_safe
@role_required(STAFF)
def edition_list(request: AuthedRequest) -> HttpResponse:
    editions = selectors.edition_list_for_staff(user=request.user)
    return render(
        request,
        "catalog/edition_list.html",
        {"editions": editions, "preparing": selectors.edition_in_preparation()},
    )


@role_required(STAFF)
def edition_create(request: AuthedRequest) -> HttpResponse:
    year = timezone.localdate().year
    latest = CatalogEdition.objects.order_by("-year").first()
    if latest is not None and latest.year >= year:
        year = latest.year + 1
    form = EditionForm(
        request.POST or None,
        initial={
            "year": year,
            "title": _("%(year)s 东莞优品 product-category catalogue") % {"year": year},
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edition = services.edition_create(
                year=data["year"],
                title=data["title"],
                description=data["description"],
                suggestion_deadline=data["suggestion_deadline"],
                target_count=data["target_count"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(
                request,
                _(
                    "The %(year)s catalogue is open for suggestions; the call is published and "
                    "the associations are notified."
                )
                % {"year": edition.year},
            )
            return redirect("catalog:edition_detail", pk=edition.pk)
    return render(
        request,
        "catalog/edition_form.html",
        {"form": form, "preparing": selectors.edition_in_preparation()},
    )


def _progress(edition: CatalogEdition) -> dict:
    """Categories against the yearly target (实施方案: 20 个产品类别)."""
    return {"count": edition.category_count, "target": edition.target_count}  # type: ignore[attr-defined]


@require_safe
@role_required(STAFF)
def edition_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_get_for_staff(user=request.user, pk=pk)
    categories = list(selectors.categories_for_staff(edition=edition))
    context: dict[str, Any] = {
        "edition": edition,
        "groups": selectors.group_by_industry(categories),
        "progress": _progress(edition),
        "today": timezone.localdate(),
        "without_standard": [c for c in categories if not c.standards.all()],
    }
    if edition.state == EditionState.RESEARCHING:
        context["consultation_form"] = ConsultationStartForm()
    if edition.state == EditionState.CONSULTING:
        context["problems"] = services.edition_publish_problems(edition)
        context["consulted"] = list(selectors.consulted_departments(edition=edition))
    return render(request, "catalog/edition_detail.html", context)


@require_POST
@role_required(STAFF)
def edition_start_research(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_get_for_staff(user=request.user, pk=pk)
    try:
        services.edition_start_research(edition=edition, by=request.user)
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(
            request, _("The research has started; the alliance institutions are notified.")
        )
    return redirect("catalog:edition_detail", pk=pk)


@require_POST
@role_required(STAFF)
def edition_start_consultation(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_get_for_staff(user=request.user, pk=pk)
    form = ConsultationStartForm(request.POST)
    if form.is_valid():
        try:
            services.edition_start_consultation(
                edition=edition, deadline=form.cleaned_data["deadline"], by=request.user
            )
        except DomainError as exc:
            report(request, exc)
        else:
            messages.success(
                request, _("The consultation has started; the member units are notified.")
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("catalog:edition_detail", pk=pk)


@require_POST
@role_required(STAFF)
def edition_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_get_for_staff(user=request.user, pk=pk)
    try:
        services.edition_publish(edition=edition, by=request.user)
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("The catalogue is published on the public site."))
    return redirect("catalog:edition_detail", pk=pk)


# --- staff: suggestions -----------------------------------------------------------------------


@require_safe
@role_required(STAFF)
def suggestion_review_list(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_get_for_staff(user=request.user, pk=pk)
    state = request.GET.get("state", "")
    if state not in SuggestionState.values:
        state = ""
    industry = request.GET.get("industry", "")
    search = request.GET.get("q", "").strip()
    qs = selectors.suggestion_list_for_staff(
        user=request.user, edition=edition, state=state, industry=industry, search=search
    )
    page, query_string = paginate(request, qs, 25)
    return render(
        request,
        "catalog/suggestion_review_list.html",
        {
            "edition": edition,
            "page_obj": page,
            "query_string": query_string,
            "state": state,
            "industry": industry,
            "q": search,
            "states": SuggestionState.choices,
            "industries": Industry.objects.all(),
            "merge_form": BulkMergeForm(edition=edition) if edition.is_editable else None,
        },
    )


@require_POST
@role_required(STAFF)
def suggestion_merge_many(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_get_for_staff(user=request.user, pk=pk)
    form = BulkMergeForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            merged = services.suggestion_merge_many(
                suggestions=form.cleaned_data["suggestions"],
                category=form.cleaned_data["category"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc)
        else:
            messages.success(
                request,
                _("%(count)s suggestions merged into %(category)s.")
                % {"count": len(merged), "category": form.cleaned_data["category"]},
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("catalog:suggestion_review_list", pk=pk)


def _suggestion_detail(request: AuthedRequest, pk: int, **forms: Any) -> HttpResponse:
    suggestion = selectors.suggestion_get_for_user(user=request.user, pk=pk)
    edition = suggestion.edition
    is_staff = request.user.has_role(STAFF)
    context: dict[str, Any] = {"suggestion": suggestion, "is_staff": is_staff}
    if is_staff and suggestion.state == SuggestionState.SUBMITTED and edition.is_editable:
        context["merge_form"] = forms.get("merge_form") or SuggestionMergeForm(edition=edition)
        context["decline_form"] = forms.get("decline_form") or ReasonForm()
    context["may_edit"] = (
        not is_staff
        and suggestion.state == SuggestionState.SUBMITTED
        and edition.state == EditionState.COLLECTING
        and timezone.localdate() <= edition.suggestion_deadline
    )
    return render(request, "catalog/suggestion_detail.html", context)


@require_safe
@role_required(STAFF, *SUGGESTERS)
def suggestion_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _suggestion_detail(request, pk)


@role_required(STAFF)
def suggestion_adopt(request: AuthedRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_get_for_user(user=request.user, pk=pk)
    form = CategoryCreateForm(
        request.POST or None,
        initial={
            "code": next_category_code(suggestion.edition),
            "name": suggestion.name,
            "industry": suggestion.industry_id,
            "scope": suggestion.scope,
            "standards": suggestion.product_standards,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category = services.suggestion_adopt(
                suggestion=suggestion,
                code=data["code"],
                name=data["name"],
                industry=data["industry"],
                scope=data["scope"],
                standards_text=data["standards"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(
                request,
                _("The suggestion is adopted as the category %(category)s.")
                % {"category": category},
            )
            return redirect("catalog:category_detail", pk=category.pk)
    return render(
        request, "catalog/suggestion_adopt.html", {"suggestion": suggestion, "form": form}
    )


@require_POST
@role_required(STAFF)
def suggestion_merge(request: AuthedRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_get_for_user(user=request.user, pk=pk)
    form = SuggestionMergeForm(request.POST, edition=suggestion.edition)
    if not form.is_valid():
        return _suggestion_detail(request, pk, merge_form=form)
    try:
        services.suggestion_merge(
            suggestion=suggestion, category=form.cleaned_data["category"], by=request.user
        )
    except DomainError as exc:
        report(request, exc, form)
        return _suggestion_detail(request, pk, merge_form=form)
    messages.success(
        request,
        _("The suggestion is merged into %(category)s.")
        % {"category": form.cleaned_data["category"]},
    )
    return redirect("catalog:suggestion_detail", pk=pk)


@require_POST
@role_required(STAFF)
def suggestion_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_get_for_user(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _suggestion_detail(request, pk, decline_form=form)
    try:
        services.suggestion_decline(
            suggestion=suggestion, reason=form.cleaned_data["reason"], by=request.user
        )
    except DomainError as exc:
        report(request, exc, form)
        return _suggestion_detail(request, pk, decline_form=form)
    messages.success(request, _("The suggestion is declined; the suggester is told why."))
    return redirect("catalog:suggestion_detail", pk=pk)


# --- staff: categories and standards --------------------------------------------------------


@role_required(STAFF)
def category_create(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_get_for_staff(user=request.user, pk=pk)
    form = CategoryCreateForm(request.POST or None, initial={"code": next_category_code(edition)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category = services.category_create(
                edition=edition,
                code=data["code"],
                name=data["name"],
                industry=data["industry"],
                scope=data["scope"],
                standards_text=data["standards"],
                order=data["order"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(
                request, _("The category %(category)s is added.") % {"category": category}
            )
            return redirect("catalog:category_detail", pk=category.pk)
    return render(
        request,
        "catalog/category_form.html",
        {"form": form, "edition": edition, "category": None},
    )


@require_safe
@role_required(STAFF)
def category_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    category = selectors.category_get_for_staff(user=request.user, pk=pk)
    return _category_detail(request, category)


def _category_detail(
    request: AuthedRequest, category: Category, standard_form: StandardForm | None = None
) -> HttpResponse:
    return render(
        request,
        "catalog/category_detail.html",
        {
            "category": category,
            "edition": category.edition,
            "standards": category.standards.order_by("number"),
            "notes": selectors.research_notes_of(category=category),
            "comments": category.comments.select_related("organisation", "author"),
            "suggestions": category.suggestions.select_related("organisation"),
            "standard_form": standard_form or StandardForm(),
        },
    )


@role_required(STAFF)
def category_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    category = selectors.category_get_for_staff(user=request.user, pk=pk)
    form = CategoryForm(
        request.POST or None,
        initial={
            "code": category.code,
            "name": category.name,
            "industry": category.industry_id,
            "scope": category.scope,
            "order": category.order,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.category_update(
                category=category,
                code=data["code"],
                name=data["name"],
                industry=data["industry"],
                scope=data["scope"],
                order=data["order"] if data["order"] is not None else category.order,
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("The category is saved."))
            return redirect("catalog:category_detail", pk=pk)
    return render(
        request,
        "catalog/category_form.html",
        {"form": form, "edition": category.edition, "category": category},
    )


@require_POST
@role_required(STAFF)
def category_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    category = selectors.category_get_for_staff(user=request.user, pk=pk)
    try:
        services.category_remove(category=category, by=request.user)
    except DomainError as exc:
        report(request, exc)
        return redirect("catalog:category_detail", pk=pk)
    messages.success(request, _("The category %(category)s is removed.") % {"category": category})
    return redirect("catalog:edition_detail", pk=category.edition_id)


@require_POST
@role_required(STAFF)
def standard_add(request: AuthedRequest, pk: int) -> HttpResponse:
    category = selectors.category_get_for_staff(user=request.user, pk=pk)
    form = StandardForm(request.POST)
    if form.is_valid():
        try:
            services.standard_add(
                category=category,
                number=form.cleaned_data["number"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("The standard is added."))
            return redirect("catalog:category_detail", pk=pk)
    return _category_detail(request, category, standard_form=form)


@role_required(STAFF)
def standard_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    standard = selectors.standard_get_for_staff(user=request.user, pk=pk)
    form = StandardForm(
        request.POST or None, initial={"number": standard.number, "title": standard.title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_update(
                standard=standard,
                number=form.cleaned_data["number"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("The standard is saved."))
            return redirect("catalog:category_detail", pk=standard.category_id)
    return render(
        request,
        "catalog/standard_form.html",
        {"form": form, "standard": standard, "category": standard.category},
    )


@require_POST
@role_required(STAFF)
def standard_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    standard = selectors.standard_get_for_staff(user=request.user, pk=pk)
    try:
        services.standard_remove(standard=standard, by=request.user)
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(
            request, _("The standard %(number)s is removed.") % {"number": standard.number}
        )
    return redirect("catalog:category_detail", pk=standard.category_id)


@role_required(STAFF)
def category_group_standard(request: AuthedRequest, pk: int) -> HttpResponse:
    category = selectors.category_get_for_staff(user=request.user, pk=pk)
    form = GroupStandardForm(
        request.POST or None,
        initial={
            "number": category.group_standard_number,
            "title": category.group_standard_title,
            "effective": category.group_standard_effective,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.category_set_group_standard(
                category=category,
                number=data["number"],
                title=data["title"],
                effective=data["effective"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("The group standard is saved."))
            return redirect("catalog:category_detail", pk=pk)
    return render(request, "catalog/group_standard_form.html", {"form": form, "category": category})


# --- staff: comments --------------------------------------------------------------------------


@require_safe
@role_required(STAFF)
def comment_list(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_get_for_staff(user=request.user, pk=pk)
    unresolved = bool(request.GET.get("unresolved"))
    comments = selectors.comment_list_for_staff(
        user=request.user, edition=edition, unresolved=unresolved
    )
    return render(
        request,
        "catalog/comment_list.html",
        {
            "edition": edition,
            "comments": comments,
            "unresolved_only": unresolved,
            "consulted": selectors.consulted_departments(edition=edition),
            "response_form": ResponseForm(),
        },
    )


@require_POST
@role_required(STAFF)
def comment_resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_staff(user=request.user, pk=pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.comment_resolve(
                comment=comment, response=form.cleaned_data["response"], by=request.user
            )
        except DomainError as exc:
            report(request, exc)
        else:
            messages.success(request, _("The response is recorded; the member unit is told."))
    else:
        messages.error(request, _("Write the response."))
    return redirect("catalog:comment_list", pk=comment.edition_id)


# --- associations and enterprises: suggestions --------------------------------------------------


@require_safe
@role_required(*SUGGESTERS)
def suggestion_list(request: AuthedRequest) -> HttpResponse:
    page, query_string = paginate(
        request, selectors.suggestion_list_for_user(user=request.user), 20
    )
    return render(
        request,
        "catalog/suggestion_list.html",
        {
            "page_obj": page,
            "query_string": query_string,
            "open_edition": selectors.edition_collecting_open(),
            "collecting": selectors.edition_collecting(),
            "may_suggest": selectors.suggester_organisations(user=request.user).exists(),
        },
    )


@role_required(*SUGGESTERS)
def suggestion_create(request: AuthedRequest) -> HttpResponse:
    edition = selectors.edition_collecting_open()
    organisations = selectors.suggester_organisations(user=request.user)
    first = organisations.first()
    if edition is None or first is None:
        messages.error(request, _("No catalogue is collecting suggestions at the moment."))
        return redirect("catalog:suggestion_list")
    form = SuggestionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = services.suggestion_submit(
                edition=edition,
                organisation=data.get("organisation") or first,
                name=data["name"],
                industry=data["industry"],
                scope=data["scope"],
                product_standards=data["product_standards"],
                reasons=data["reasons"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("Thank you: your suggestion is submitted."))
            return redirect("catalog:suggestion_detail", pk=suggestion.pk)
    return render(
        request,
        "catalog/suggestion_form.html",
        {"form": form, "edition": edition, "suggestion": None},
    )


@role_required(*SUGGESTERS)
def suggestion_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_get_for_user(user=request.user, pk=pk)
    if suggestion.organisation not in selectors.suggester_organisations(user=request.user):
        raise Http404
    form = SuggestionForm(
        request.POST or None,
        initial={
            "name": suggestion.name,
            "industry": suggestion.industry_id,
            "scope": suggestion.scope,
            "product_standards": suggestion.product_standards,
            "reasons": suggestion.reasons,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.suggestion_update(
                suggestion=suggestion,
                name=data["name"],
                industry=data["industry"],
                scope=data["scope"],
                product_standards=data["product_standards"],
                reasons=data["reasons"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("Your suggestion is saved."))
            return redirect("catalog:suggestion_detail", pk=pk)
    return render(
        request,
        "catalog/suggestion_form.html",
        {"form": form, "edition": suggestion.edition, "suggestion": suggestion},
    )


# --- alliance institutions: research ------------------------------------------------------------


def _research_institution(request: AuthedRequest):
    institution = selectors.research_institutions(user=request.user).first()
    if institution is None:
        # Only alliance members research the catalogue (annex 1 §五).
        raise PermissionDenied
    return institution


@require_safe
@role_required(Role.INSTITUTION)
def research(request: AuthedRequest) -> HttpResponse:
    institution = _research_institution(request)
    edition = selectors.edition_researching()
    categories = (
        list(selectors.research_categories(edition=edition, institution=institution))
        if edition
        else []
    )
    return render(
        request,
        "catalog/research.html",
        {
            "institution": institution,
            "edition": edition,
            "groups": selectors.group_by_industry(categories),
            "written": sum(1 for c in categories if getattr(c, "my_notes", None)),
            "total": len(categories),
        },
    )


@role_required(Role.INSTITUTION)
def research_note(request: AuthedRequest, pk: int) -> HttpResponse:
    institution = _research_institution(request)
    edition = selectors.edition_researching()
    if edition is None:
        raise Http404
    category = selectors.research_category_get(edition=edition, pk=pk)
    note = category.research_notes.filter(institution=institution).first()
    initial = {}
    if note is not None:
        initial = {
            "standard_advancedness": note.standard_advancedness,
            "market": note.market,
            "dongguan_producers": note.dongguan_producers,
            "recommendation": note.recommendation,
        }
    form = ResearchNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.research_note_save(
                category=category, institution=institution, by=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("Your research note is saved."))
            return redirect("catalog:research")
    return render(
        request,
        "catalog/research_note_form.html",
        {
            "form": form,
            "category": category,
            "edition": edition,
            "institution": institution,
            "note": note,
        },
    )


# --- member units: consultation ----------------------------------------------------------------


def _consultation_context(request: AuthedRequest, comment_form: CommentForm | None = None) -> dict:
    edition = selectors.edition_consulting()
    organisation = selectors.department_organisations(user=request.user).first()
    context: dict[str, Any] = {"edition": edition, "organisation": organisation}
    if edition is not None:
        context["groups"] = selectors.group_by_industry(selectors.categories_of(edition=edition))
        context["is_open"] = (
            edition.consultation_deadline is None
            or timezone.localdate() <= edition.consultation_deadline
        )
        if organisation is not None:
            context["comments"] = selectors.comments_of_organisation(
                edition=edition, organisation=organisation
            )
            context["answer"] = selectors.answer_of(edition=edition, organisation=organisation)
            context["comment_form"] = comment_form or CommentForm(edition=edition)
    return context


@require_safe
@role_required(Role.DEPARTMENT)
def consultation(request: AuthedRequest) -> HttpResponse:
    return render(request, "catalog/consultation.html", _consultation_context(request))


def _department_and_edition(request: AuthedRequest):
    edition = selectors.edition_consulting()
    organisation = selectors.department_organisations(user=request.user).first()
    if edition is None or organisation is None:
        raise Http404
    return edition, organisation


@require_POST
@role_required(Role.DEPARTMENT)
def consultation_comment(request: AuthedRequest) -> HttpResponse:
    edition, organisation = _department_and_edition(request)
    form = CommentForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            services.comment_submit(
                edition=edition,
                organisation=organisation,
                category=form.cleaned_data["category"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except DomainError as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("Your comment is submitted."))
            return redirect("catalog:consultation")
    return render(
        request, "catalog/consultation.html", _consultation_context(request, comment_form=form)
    )


@require_POST
@role_required(Role.DEPARTMENT)
def consultation_no_comments(request: AuthedRequest) -> HttpResponse:
    edition, organisation = _department_and_edition(request)
    try:
        services.consultation_reply_no_comments(
            edition=edition, organisation=organisation, by=request.user
        )
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("Your reply “no comments” is recorded."))
    return redirect("catalog:consultation")
