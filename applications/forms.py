"""Forms of applications: calls, the draft editor, the review's actions, opinions."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import OrganisationKind, Role
from accounts.models import Membership, Organisation
from catalog.enums import EditionState
from catalog.models import CatalogEdition, Category

from .enums import EvaluationDimension, OpinionAnswer
from .models import Application, Call


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class CallForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2024, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    edition = forms.ModelChoiceField(
        label=_("Catalogue edition"),
        queryset=CatalogEdition.objects.none(),
        help_text=_("Applicants choose a category of this edition."),
    )
    opens_on = forms.DateField(
        label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Applications are accepted until 24:00 of this day."),
    )
    notice = forms.CharField(
        label=_("Notice text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown on the public site when the call is published."),
    )
    required_materials = forms.CharField(
        label=_("Required materials"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line. Each is required before an application can be submitted."),
    )
    checklist = forms.CharField(
        label=_("Formal checklist"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line; the reviewer confirms each before qualifying."),
    )
    supplement_working_days = forms.IntegerField(
        label=_("Working days to supply missing materials"), min_value=1, max_value=30, initial=5
    )

    def __init__(self, *args: Any, call: Call | None = None, **kwargs: Any) -> None:
        self.call = call
        if call is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "year": call.year,
                "title": call.title,
                "edition": call.edition_id,
                "opens_on": call.opens_on,
                "closes_on": call.closes_on,
                "notice": call.notice,
                "required_materials": "\n".join(m["label"] for m in call.required_materials),
                "checklist": "\n".join(c["label"] for c in call.checklist),
                "supplement_working_days": call.supplement_working_days,
            }
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["edition"]
        ).queryset = CatalogEdition.objects.filter(
            state__in=[EditionState.PUBLISHED, EditionState.CONSULTING]
        )
        if call is not None:
            self.fields["year"].disabled = True
            self.fields["edition"].disabled = True

    def clean_required_materials(self) -> list[str]:
        lines = _lines(self.cleaned_data["required_materials"])
        if not lines:
            raise forms.ValidationError(_("List at least one required material."))
        return lines

    def clean_checklist(self) -> list[str]:
        lines = _lines(self.cleaned_data["checklist"])
        if not lines:
            raise forms.ValidationError(_("List at least one item of the formal checklist."))
        return lines


class StartForm(forms.Form):
    """Start an application: the category, and a key generated into the form so that a
    double submit or a refresh returns the same draft."""

    category = forms.ModelChoiceField(label=_("Product category"), queryset=Category.objects.none())
    client_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("client_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["category"])
        field.queryset = Category.objects.filter(edition_id=call.edition_id).order_by(
            "order", "code"
        )
        field.empty_label = _("Choose a category")


def self_evaluation_field_name(dimension: str) -> str:
    return f"se_{dimension}"


class DraftForm(forms.Form):
    """The content the enterprise fills in. Every field may stay empty in a draft: submitting
    checks completeness and says what is missing."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    product_name = forms.CharField(label=_("Product name"), max_length=100, required=False)
    models_specs = forms.CharField(
        label=_("Models and specifications"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    trademark = forms.CharField(label=_("Trademark"), max_length=100, required=False)
    product_standard = forms.ChoiceField(
        label=_("Product standard followed"), required=False, choices=()
    )
    product_standard_other = forms.CharField(
        label=_("Other standard followed"),
        max_length=200,
        required=False,
        help_text=_("If the product follows an enterprise standard or a stricter standard."),
    )
    annual_output = forms.CharField(
        label=_("Annual output"),
        max_length=100,
        required=False,
        help_text=_("With its unit, e.g. 120万台"),
    )
    annual_sales_yuan = forms.CharField(
        label=_("Annual sales (yuan)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        cast(forms.ChoiceField, self.fields["product_standard"]).choices = [
            ("", _("— choose —"))
        ] + [(str(s.pk), str(s)) for s in application.category.standards.all()]
        for value, label in EvaluationDimension.choices:
            self.fields[self_evaluation_field_name(value)] = forms.CharField(
                label=label,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        if not self.is_bound:
            app = application
            self.initial.update(
                {
                    "version": app.version,
                    "product_name": app.product_name,
                    "models_specs": app.models_specs,
                    "trademark": app.trademark,
                    "product_standard": str(app.product_standard_id or ""),
                    "product_standard_other": app.product_standard_other,
                    "annual_output": app.annual_output,
                    "annual_sales_yuan": ""
                    if app.annual_sales_yuan is None
                    else str(app.annual_sales_yuan),
                }
            )
            for value in EvaluationDimension.values:
                self.initial[self_evaluation_field_name(value)] = app.self_evaluation.get(value, "")

    def service_data(self) -> dict[str, Any]:
        """The cleaned fields in the shape `application_save_draft` takes."""
        data = {
            name: self.cleaned_data[name]
            for name in (
                "product_name",
                "models_specs",
                "trademark",
                "product_standard",
                "product_standard_other",
                "annual_output",
                "annual_sales_yuan",
            )
        }
        data["self_evaluation"] = {
            value: self.cleaned_data[self_evaluation_field_name(value)]
            for value in EvaluationDimension.values
        }
        return data

    def dimension_fields(self) -> list:
        return [self[self_evaluation_field_name(v)] for v in EvaluationDimension.values]

    def product_fields(self) -> list:
        return [
            self[name]
            for name in (
                "product_name",
                "models_specs",
                "trademark",
                "product_standard",
                "product_standard_other",
                "annual_output",
                "annual_sales_yuan",
            )
        ]


class MaterialUploadForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"))


class ResubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the reviewer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the enterprise)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note (not shown to the enterprise)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SupplementForm(forms.Form):
    items = forms.CharField(
        label=_("Items to supply (one per line)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tell everything that is missing or wrong at once (一次性告知)."),
    )
    working_days = forms.IntegerField(
        label=_("Deadline in working days"), min_value=1, max_value=30
    )

    def clean_items(self) -> list[str]:
        lines = _lines(self.cleaned_data["items"])
        if not lines:
            raise forms.ValidationError(_("List at least one item the enterprise must supply."))
        return lines


def askable_departments() -> QuerySet[Organisation]:
    """Departments that can answer: at least one active user holds the department role there."""
    return Organisation.objects.filter(
        kind=OrganisationKind.DEPARTMENT,
        pk__in=Membership.objects.filter(role=Role.DEPARTMENT, user__is_active=True).values(
            "organisation_id"
        ),
    ).order_by("name")


class OpinionRequestForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(
        label=_("Answer by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    message = forms.CharField(
        label=_("Request"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault(
            "due_date", timezone.localdate() + dt.timedelta(days=7)
        )
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["departments"]
        ).queryset = askable_departments()


class OpinionAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=OpinionAnswer.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for an adverse record: what, when, which decision."),
    )
    file = forms.FileField(label=_("Attachment (optional)"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("answer") == OpinionAnswer.ADVERSE
            and not (cleaned.get("details") or "").strip()
        ):
            self.add_error("details", _("Describe the adverse record."))
        return cleaned
