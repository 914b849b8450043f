"""Forms of accounts: enterprise registration, reasons, password reset through Celery."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import loader
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Town, User
from .validators import normalise_uscc, validate_mobile, validate_uscc, validate_uscc_format


class RegistrationForm(forms.Form):
    """Self-registration of an organisation and its first user (enterprise or institution)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=30,
        help_text=_("18 characters, as printed on the business licence."),
    )
    registered_address = forms.CharField(label=_("Registered address"), max_length=255)
    town = forms.ModelChoiceField(
        label=_("Town or street"), queryset=Town.objects.all(), empty_label=_("— choose —")
    )
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_mobile = forms.CharField(
        label=_("Contact mobile"), max_length=11, validators=[validate_mobile]
    )
    username = forms.RegexField(
        label=_("User name for logging in"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]{3,150}$",
        error_messages={"invalid": _("Use 3 or more letters, digits or the characters _ . @ + -.")},
    )
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("For notifications and password resets.")
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I confirm the information is true, and agree that the contact details are used "
            "for the 东莞优品 programme only."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_mobile"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "tel"}
        )
        self.fields["credit_code"].widget.attrs.update(
            {"autocapitalize": "characters", "spellcheck": "false"}
        )
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})

    # Enterprises must be registered in Dongguan; institutions may come from anywhere.
    credit_code_validator = staticmethod(validate_uscc)

    def clean_credit_code(self) -> str:
        code = normalise_uscc(self.cleaned_data["credit_code"])
        self.credit_code_validator(code)
        if Organisation.objects.filter(credit_code=code).exists():
            raise ValidationError(
                _(
                    "An organisation with this credit code is already registered. If it is "
                    "yours, ask your colleague who registered it, or contact the programme office."
                ),
                code="uscc_taken",
            )
        return code

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This user name is taken."), code="username_taken")
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account with this e-mail already exists."), code="email_taken"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = User(
                username=cleaned.get("username", ""),
                email=cleaned.get("email", ""),
                full_name=cleaned.get("contact_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class EnterpriseRegistrationForm(RegistrationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Enterprise name")


class InstitutionRegistrationForm(RegistrationForm):
    credit_code_validator = staticmethod(validate_uscc_format)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Institution name")
        self.fields["town"].required = False
        self.fields["town"].help_text = _("Leave empty if the institution is outside Dongguan.")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class BusinessLicenceForm(forms.Form):
    file = forms.FileField(
        label=_("Business licence (PDF, JPEG or PNG)"),
        help_text=_("A scan or photo of the licence; at most 20 MB."),
    )


class CeleryPasswordResetForm(PasswordResetForm):
    """Sends the reset mail through Celery after commit instead of inside the request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from dgyp.tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(lambda: send_email.delay(subject, body, [to_email]))
