"""Forms of the alliance pages. Rules about the data live in the services; the forms parse
input and add what belongs to a person typing (e.g. a deadline must lie in the future)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.validators import validate_mobile
from catalog.models import Industry

from .enums import (
    DEFAULT_REQUIRED_MATERIALS,
    ApplicationState,
    CommentResolution,
    InstitutionType,
    Recommendation,
)
from .models import InstitutionApplication


def materials_to_text(materials: list[dict[str, str]]) -> str:
    """The call's materials for the form: one name a line (codes stay internal)."""
    return "\n".join(m["label"] for m in materials)


def materials_from_text(
    text: str, existing: list[dict[str, str]] | None = None
) -> list[dict[str, str]]:
    """One material a line, by its name; the codes are made up, never typed.

    A name already on the call (`existing`) keeps its code, a default material keeps its
    standard code, any other gets m1, m2 … by its position (skipping codes already taken).
    """
    labels: list[str] = []
    for raw in text.splitlines():
        label = raw.strip()
        if not label:
            continue
        if label in labels:
            raise forms.ValidationError(_("“%(label)s” is listed twice."), params={"label": label})
        labels.append(label)
    if not labels:
        raise forms.ValidationError(_("List at least one material."))
    known = {m["label"]: m["code"] for m in DEFAULT_REQUIRED_MATERIALS}
    known.update({m["label"]: m["code"] for m in existing or []})
    codes: list[str | None] = [known.get(label) for label in labels]
    used = {code for code in codes if code}
    for n, code in enumerate(codes):
        if code is None:
            number = n + 1
            while f"m{number}" in used:
                number += 1
            codes[n] = f"m{number}"
            used.add(f"m{number}")
    return [{"code": str(code), "label": label} for code, label in zip(codes, labels, strict=True)]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _future_deadline(value):
    if value is not None and value <= timezone.now():
        raise forms.ValidationError(_("The deadline must be in the future."))
    return value


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2024, max_value=2100)
    criteria = forms.CharField(
        label=_("Institution criteria"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The basic conditions an institution must meet (机构基本条件). Formatting: a line "
            "starting with “## ” is a heading, “- ” or “1. ” a list item, **bold**, and a blank "
            "line starts a new paragraph."
        ),
    )
    required_materials = forms.CharField(
        label=_("Required materials"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One material a line, by its name, in the order applicants should see."),
    )
    deadline = forms.DateTimeField(
        label=_("Application deadline"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )

    def __init__(self, *args, materials: list[dict[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_materials = list(materials or [])
        if not self.is_bound and "required_materials" not in self.initial:
            self.initial["required_materials"] = materials_to_text(
                self.existing_materials or [dict(m) for m in DEFAULT_REQUIRED_MATERIALS]
            )

    def clean_required_materials(self) -> list[dict[str, str]]:
        return materials_from_text(
            self.cleaned_data["required_materials"], existing=self.existing_materials
        )

    def clean_deadline(self):
        return _future_deadline(self.cleaned_data["deadline"])


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("New application deadline"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )

    def clean_deadline(self):
        return _future_deadline(self.cleaned_data["deadline"])


class CommentDeadlineForm(forms.Form):
    comment_deadline = forms.DateField(
        label=_("Comments accepted until"), widget=DateInput(), input_formats=["%Y-%m-%d"]
    )

    def clean_comment_deadline(self):
        value = self.cleaned_data["comment_deadline"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("The comment period must end after today."))
        return value


class ApplicationForm(forms.Form):
    """The institution's data. A draft may be saved with anything missing; completeness is
    checked when it is submitted (alliance.services.application_problems)."""

    institution_type = forms.ChoiceField(label=_("Type"), required=False)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The institution, its staff, equipment and technical capacity."),
    )
    cma_number = forms.CharField(
        label=_("CMA certificate number"),
        required=False,
        max_length=50,
        help_text=_("A testing body gives its CMA or its CNAS number (at least one)."),
    )
    cma_scope = forms.CharField(
        label=_("CMA scope"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cnas_number = forms.CharField(
        label=_("CNAS accreditation number"), required=False, max_length=50
    )
    cnas_scope = forms.CharField(
        label=_("CNAS scope"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    industries = forms.ModelMultipleChoiceField(
        label=_("Qualified product fields"),
        queryset=Industry.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The product fields in which the institution is qualified to work."),
    )

    DATA_FIELDS = (
        "institution_type",
        "introduction",
        "cma_number",
        "cma_scope",
        "cnas_number",
        "cnas_scope",
    )

    def __init__(self, *args, application: InstitutionApplication | None = None, **kwargs):
        if application is not None and "initial" not in kwargs:
            initial = {name: getattr(application, name) for name in self.DATA_FIELDS}
            initial["industries"] = list(application.fields.all())
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        _choice(self, "institution_type").choices = [
            ("", _("— choose —")),
            *InstitutionType.choices,
        ]

    def application_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.DATA_FIELDS}


class MaterialUploadForm(forms.Form):
    code = forms.ChoiceField(label=_("Material"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG, Word or Excel; at most 20 MB."),
    )

    def __init__(self, *args, materials: list[dict[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "code").choices = [(m["code"], m["label"]) for m in materials]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    associations = forms.ModelMultipleChoiceField(
        label=_("Associations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["associations"]).queryset = queryset


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    institution_type = forms.ChoiceField(label=_("Type"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False)
    q = forms.CharField(label=_("Name, credit code, CMA or CNAS number"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        states = [(v, lbl) for v, lbl in ApplicationState.choices if v != ApplicationState.DRAFT]
        _choice(self, "state").choices = [("", _("All")), *states]
        _choice(self, "institution_type").choices = [("", _("All")), *InstitutionType.choices]
        _choice(self, "field").choices = [
            ("", _("All")),
            *Industry.objects.values_list("code", "name"),
        ]


class BulkDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("propose", _("Put on the proposed list")),
            ("not_propose", _("Leave off the proposed list")),
        ],
    )
    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"),
        queryset=InstitutionApplication.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["applications"]).queryset = queryset


class ProposedInstitutionField(forms.ModelChoiceField):
    """An institution on the proposed list, shown by its name."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.institution.name


def _proposed_choice_field(queryset: Any) -> ProposedInstitutionField:
    return ProposedInstitutionField(
        label=_("Institution concerned"),
        queryset=queryset,
        required=False,
        empty_label=_("The whole list"),
    )


class DepartmentCommentForm(forms.Form):
    application = ProposedInstitutionField(
        queryset=InstitutionApplication.objects.none(), required=False
    )
    body = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    is_objection = forms.BooleanField(
        label=_("This is an objection (异议) to the institution or the list"), required=False
    )

    def __init__(self, *args, proposed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"] = _proposed_choice_field(proposed)
        self.order_fields(["application", "body", "is_objection"])


class PublicCommentForm(forms.Form):
    name = forms.CharField(label=_("Real name"), max_length=50)
    contact = forms.CharField(
        label=_("Mobile or e-mail"),
        max_length=100,
        help_text=_("Only the programme office sees it in full, to reach you about your comment."),
    )
    application = ProposedInstitutionField(
        queryset=InstitutionApplication.objects.none(), required=False
    )
    body = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    is_objection = forms.BooleanField(
        label=_("This is an objection (异议) to the institution or the list"), required=False
    )
    # A field people do not see; robots fill it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, proposed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"] = _proposed_choice_field(proposed)
        self.order_fields(["name", "contact", "application", "body", "is_objection", "website"])

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            forms.EmailField().clean(value)
            return value
        digits = value.replace(" ", "").replace("-", "")
        try:
            validate_mobile(digits)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                _("Enter a valid e-mail address or an 11-digit mobile.")
            ) from exc
        return digits


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Resolution"),
        choices=(),
        error_messages={"required": _("Choose how the comment is resolved.")},
    )
    upheld_application = ProposedInstitutionField(
        queryset=InstitutionApplication.objects.none(), required=False
    )
    response = forms.CharField(
        label=_("Response"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, comment, proposed, **kwargs):
        super().__init__(*args, **kwargs)
        if comment.is_objection:
            # No default: upholding an objection keeps the institution out of the alliance.
            choices = [
                ("", _("— choose —")),
                (CommentResolution.UPHELD, CommentResolution.UPHELD.label),
                (CommentResolution.DISMISSED, CommentResolution.DISMISSED.label),
            ]
        else:
            choices = [(CommentResolution.NOTED, CommentResolution.NOTED.label)]
        _choice(self, "resolution").choices = choices
        if comment.is_objection and comment.application_id is None:
            field = _proposed_choice_field(proposed)
            field.label = _("Institution the upheld objection concerns")
            field.empty_label = _("— choose —")
            self.fields["upheld_application"] = field
        else:
            del self.fields["upheld_application"]


class ViolationForm(forms.Form):
    description = forms.CharField(
        label=_("What was found"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    found_on = forms.DateField(label=_("Found on"), widget=DateInput(), input_formats=["%Y-%m-%d"])


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        help_text=_("5 is the best."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
