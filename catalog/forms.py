"""Forms of the product-category catalogue: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from dgyp.exceptions import DomainError

from .enums import DEFAULT_CATEGORY_TARGET, ResearchRecommendation, SuggestionState
from .models import CatalogEdition, Category, CategorySuggestion, Industry
from .services import standard_number_normalise, standards_parse

STANDARDS_HELP = _(
    "One per line: the standard's number and title, e.g. “GB/T 18287-2013 移动电话用锂离子电池”."
)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _clean_standards_text(value: str, *, required: bool) -> str:
    standards, rejected = standards_parse(value)
    if rejected:
        raise forms.ValidationError(
            _("Not understood as “number title”: %(lines)s"),
            params={"lines": "; ".join(rejected)},
            code="standard_lines",
        )
    if required and not standards:
        raise forms.ValidationError(_("Give at least one product standard."), code="required")
    return value


class EditionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2024, max_value=2100)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("e.g. 2026年东莞优品产品类别目录 (shown on the public site)"),
    )
    description = forms.CharField(
        label=_("Notice text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Published with the call for suggestions."),
    )
    suggestion_deadline = forms.DateField(
        label=_("Suggestions until"),
        widget=_date_input(),
        help_text=_("Inclusive; associations and enterprises can suggest until this day."),
    )
    target_count = forms.IntegerField(
        label=_("Target number of categories"),
        min_value=1,
        max_value=500,
        initial=DEFAULT_CATEGORY_TARGET,
    )

    def clean_suggestion_deadline(self) -> dt.date:
        deadline = self.cleaned_data["suggestion_deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The suggestion deadline cannot be in the past."))
        return deadline


class SuggestionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Category name"), max_length=100)
    industry = forms.ModelChoiceField(
        label=_("Industry"), queryset=Industry.objects.all(), empty_label=_("— choose —")
    )
    scope = forms.CharField(
        label=_("Scope"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which products the category covers."),
    )
    product_standards = forms.CharField(
        label=_("Product standards"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=STANDARDS_HELP,
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why the category fits 东莞优品: Dongguan's industry, consumer demand, quality level."
        ),
    )

    def __init__(self, *args, organisations: QuerySet[Organisation] | None = None, **kwargs):
        """`organisations`: those the user may suggest for; a choice only when there are
        several (the view takes the only one otherwise, and keeps it when editing)."""
        super().__init__(*args, **kwargs)
        if organisations is None or organisations.count() < 2:
            del self.fields["organisation"]
        else:
            cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations

    def clean_product_standards(self) -> str:
        return _clean_standards_text(self.cleaned_data["product_standards"], required=True)


class CategoryForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20, help_text=_("Unique in the catalogue, e.g. 2026-01.")
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    industry = forms.ModelChoiceField(
        label=_("Industry"), queryset=Industry.objects.all(), empty_label=_("— choose —")
    )
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32000,
        required=False,
        help_text=_("Position within the industry; left empty, the category goes last."),
    )


class CategoryCreateForm(CategoryForm):
    standards = forms.CharField(
        label=_("Product standards"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=STANDARDS_HELP,
    )

    def clean_standards(self) -> str:
        return _clean_standards_text(self.cleaned_data["standards"], required=False)


def next_category_code(edition: CatalogEdition) -> str:
    """A free code of the form <year>-NN, suggested to staff."""
    taken = set(edition.categories.values_list("code", flat=True))
    n = len(taken) + 1
    while f"{edition.year}-{n:02d}" in taken:
        n += 1
    return f"{edition.year}-{n:02d}"


class SuggestionMergeForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Category.objects.none(), empty_label=_("— choose —")
    )

    def __init__(self, *args, edition: CatalogEdition, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["category"]
        ).queryset = edition.categories.order_by("order", "code")


class BulkMergeForm(SuggestionMergeForm):
    suggestions = forms.ModelMultipleChoiceField(
        label=_("Suggestions"), queryset=CategorySuggestion.objects.none()
    )

    def __init__(self, *args, edition: CatalogEdition, **kwargs):
        super().__init__(*args, edition=edition, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["suggestions"]
        ).queryset = edition.suggestions.filter(state=SuggestionState.SUBMITTED)
        self.fields["suggestions"].error_messages["required"] = _("Tick the suggestions to merge.")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class StandardForm(forms.Form):
    number = forms.CharField(
        label=_("Standard number"), max_length=50, help_text=_("e.g. GB/T 18287-2013")
    )
    title = forms.CharField(label=_("Standard title"), max_length=200)

    def clean_number(self) -> str:
        try:
            return standard_number_normalise(self.cleaned_data["number"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class GroupStandardForm(forms.Form):
    number = forms.CharField(
        label=_("Group standard number"),
        max_length=50,
        required=False,
        help_text=_("e.g. T/DGYP 001-2026. Leave all fields empty to remove the group standard."),
    )
    title = forms.CharField(label=_("Group standard title"), max_length=200, required=False)
    effective = forms.DateField(label=_("Effective from"), required=False, widget=_date_input())

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if not number:
            return ""
        try:
            return standard_number_normalise(number)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean(self):
        cleaned = super().clean()
        number, title, effective = (
            cleaned.get("number"),
            cleaned.get("title"),
            cleaned.get("effective"),
        )
        if number:
            if not title:
                self.add_error("title", _("Give the group standard's title."))
            if effective is None and "effective" not in self.errors:
                self.add_error("effective", _("Give the date the group standard takes effect."))
        elif title or effective:
            self.add_error("number", _("Give the group standard's number."))
        return cleaned


class ConsultationStartForm(forms.Form):
    deadline = forms.DateField(
        label=_("Comments until"),
        widget=_date_input(),
        help_text=_("Member units can comment until this day (inclusive)."),
    )

    def clean_deadline(self) -> dt.date:
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The consultation deadline must be after today."))
        return deadline


class ResearchNoteForm(forms.Form):
    standard_advancedness = forms.CharField(
        label=_("Advancedness of the standards"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How the product standards' quality indicators compare with others."),
    )
    market = forms.CharField(
        label=_("Market and consumer demand"), widget=forms.Textarea(attrs={"rows": 4})
    )
    dongguan_producers = forms.IntegerField(
        label=_("Number of Dongguan producers"), min_value=0, max_value=1_000_000
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=ResearchRecommendation.choices,
        widget=forms.RadioSelect,
    )


class CommentForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("About"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("The catalogue as a whole"),
    )
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, edition: CatalogEdition, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["category"]
        ).queryset = edition.categories.order_by("order", "code")


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Response"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was changed, or why not. The member unit is told."),
    )
