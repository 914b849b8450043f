"""Forms of the core pages: audit filters and calendar edits."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dgyp.enums import AuditEventType
from dgyp.models import CalendarDay


class AuditFilterForm(forms.Form):
    event_type = forms.ChoiceField(
        label=_("Event type"),
        required=False,
        choices=[("", _("All"))] + list(AuditEventType.choices),
    )
    actor = forms.CharField(label=_("Actor (user name)"), required=False, max_length=150)
    target = forms.CharField(label=_("Object"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=50, required=False, help_text=_("e.g. 春节, 国庆节")
    )


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    notice = forms.CharField(
        label=_("State Council notice"),
        max_length=200,
        help_text=_("The number of the notice the schedule follows, e.g. 国办发明电〔2025〕7号."),
    )

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > dt.date.today().year + 2:  # noqa: DTZ011  a plausibility bound only
            raise forms.ValidationError(_("The State Council publishes one year at a time."))
        return year
