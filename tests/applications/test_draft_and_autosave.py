"""Starting an application (idempotent), saving the draft (versions, stale tabs), the autosave
endpoint's answers, materials, and the editor without JavaScript."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.enums import Role
from applications import services
from applications.enums import ApplicationState
from applications.models import Application, ApplicationMaterial
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import AuditEvent
from tests.factories import make_member
from tests.factories.applications import category, make_application, make_call, reload
from tests.factories.core import make_pdf_upload, make_text_as_pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db):
    return make_call()


@pytest.fixture
def draft(call, enterprise, enterprise_user):
    return make_application(
        enterprise=enterprise, user=enterprise_user, complete=False, product_name=""
    )


def _autosave(client, app, fields, version=None):
    return client.post(
        reverse("applications:autosave", args=[app.pk]),
        data=json.dumps({"version": app.version if version is None else version, "fields": fields}),
        content_type="application/json",
    )


# --- start ---------------------------------------------------------------------------------------


def test_start_with_the_same_key_returns_the_same_draft(call, enterprise, enterprise_user):
    key = uuid.uuid4()
    first = services.application_start(
        call=call, enterprise=enterprise, category=category(), by=enterprise_user, client_key=key
    )
    again = services.application_start(
        call=call, enterprise=enterprise, category=category(), by=enterprise_user, client_key=key
    )
    assert first.pk == again.pk
    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="application.created").count() == 1


def test_the_start_page_posts_once_and_redirects_to_the_editor(client, call, enterprise_user):
    client.force_login(enterprise_user)
    page = client.get(reverse("applications:start", args=[call.pk]))
    assert page.status_code == 200
    key = page.context["form"].initial["client_key"]
    data = {"category": category().pk, "client_key": str(key)}
    first = client.post(reverse("applications:start", args=[call.pk]), data)
    second = client.post(reverse("applications:start", args=[call.pk]), data)  # a refresh
    app = Application.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("applications:edit", args=[app.pk])


def test_a_key_of_another_user_is_refused(call, enterprise, enterprise_user):
    key = uuid.uuid4()
    services.application_start(
        call=call, enterprise=enterprise, category=category(), by=enterprise_user, client_key=key
    )
    colleague = make_member(Role.ENTERPRISE, enterprise)
    with pytest.raises(PermissionDenied):
        services.application_start(
            call=call, enterprise=enterprise, category=category(), by=colleague, client_key=key
        )


def test_starting_needs_an_open_call_and_its_category(enterprise, enterprise_user):
    closed = make_call(state="closed")
    with pytest.raises(DomainError):
        services.application_start(
            call=closed,
            enterprise=enterprise,
            category=category(),
            by=enterprise_user,
            client_key=uuid.uuid4(),
        )
    assert not Application.objects.exists()


def test_starting_for_another_enterprise_is_refused(call, enterprise):
    with pytest.raises(PermissionDenied):
        services.application_start(
            call=call,
            enterprise=enterprise,
            category=category(),
            by=make_member(Role.ENTERPRISE),
            client_key=uuid.uuid4(),
        )


# --- save draft ----------------------------------------------------------------------------------


def test_saving_the_draft_stores_the_fields_and_counts_the_version(draft, enterprise_user):
    standard = draft.category.standards.get()
    app = services.application_save_draft(
        application=draft,
        by=enterprise_user,
        version=draft.version,
        data={
            "product_name": "  智能 门锁 ",
            "annual_sales_yuan": "12,500,000.5",
            "product_standard": str(standard.pk),
            "self_evaluation": {"quality": "ISO 9001", "unknown": "x"},
        },
    )
    app = reload(app)
    assert app.version == draft.version + 1
    assert (app.product_name, app.product_key) == ("智能 门锁", "智能门锁")
    assert app.annual_sales_yuan == Decimal("12500000.50")
    assert app.product_standard == standard
    assert app.self_evaluation["quality"] == "ISO 9001"
    assert "unknown" not in app.self_evaluation


def test_a_stale_version_is_refused_and_nothing_changes(draft, enterprise_user):
    services.application_save_draft(
        application=draft, by=enterprise_user, version=draft.version, data={"trademark": "A"}
    )
    with pytest.raises(services.StaleDraft):
        services.application_save_draft(
            application=draft, by=enterprise_user, version=draft.version, data={"trademark": "B"}
        )
    assert reload(draft).trademark == "A"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"annual_sales_yuan": "很多"}, "Annual sales"),
        ({"annual_sales_yuan": "-1"}, "Annual sales"),
        ({"product_standard": "999999"}, "product standards"),
        ({"product_standard": "abc"}, "product standards"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(draft, enterprise_user, data, message):
    with pytest.raises(DomainError) as info:
        services.application_save_draft(
            application=draft, by=enterprise_user, version=draft.version, data=data
        )
    assert message in str(info.value.message)
    assert reload(draft).version == draft.version


def test_a_submitted_application_is_not_saved(call, enterprise, enterprise_user):
    app = make_application(
        state=ApplicationState.SUBMITTED, enterprise=enterprise, user=enterprise_user
    )
    with pytest.raises(DomainError):
        services.application_save_draft(
            application=app, by=enterprise_user, version=app.version, data={"trademark": "X"}
        )


def test_an_edit_making_a_duplicate_of_an_open_application_is_refused_during_a_supplement(
    call, enterprise, enterprise_user
):
    make_application(
        state=ApplicationState.QUALIFIED,
        enterprise=enterprise,
        user=enterprise_user,
        product_name="门锁",
    )
    app = make_application(
        state=ApplicationState.SUPPLEMENT_REQUESTED, enterprise=enterprise, user=enterprise_user
    )
    with pytest.raises(DomainError) as info:
        services.application_save_draft(
            application=app, by=enterprise_user, version=app.version, data={"product_name": "门 锁"}
        )
    assert "already has an open application" in str(info.value.message)


# --- the autosave endpoint ----------------------------------------------------------------------


def test_autosave_answers_the_new_version(client, draft, enterprise_user):
    client.force_login(enterprise_user)
    response = _autosave(client, draft, {"product_name": "智能音箱", "se_quality": "体系认证"})
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == draft.version + 1
    assert len(body["saved_at"]) == 5  # HH:MM
    app = reload(draft)
    assert app.product_name == "智能音箱"
    assert app.self_evaluation["quality"] == "体系认证"


def test_autosave_from_a_stale_tab_answers_409(client, draft, enterprise_user):
    client.force_login(enterprise_user)
    assert _autosave(client, draft, {"trademark": "A"}).status_code == 200
    response = _autosave(client, draft, {"trademark": "B"})
    assert response.status_code == 409
    assert response.json()["error"] == "stale"
    assert reload(draft).trademark == "A"


def test_autosave_with_a_bad_amount_answers_400_with_the_message(client, draft, enterprise_user):
    client.force_login(enterprise_user)
    response = _autosave(client, draft, {"annual_sales_yuan": "很多"})
    assert response.status_code == 400
    assert "Annual sales" in response.json()["message"]


def test_autosave_accepts_form_fields_as_sent_by_sendbeacon(client, draft, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:autosave", args=[draft.pk]),
        {"version": draft.version, "product_name": "离页保存"},
    )
    assert response.status_code == 200
    assert reload(draft).product_name == "离页保存"


def test_autosave_without_a_session_redirects_and_saves_nothing(client, draft):
    response = _autosave(client, draft, {"product_name": "X"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert reload(draft).product_name == ""


def test_autosave_of_another_enterprise_s_draft_is_404(client, draft):
    client.force_login(make_member(Role.ENTERPRISE))
    assert _autosave(client, draft, {"product_name": "X"}).status_code == 404
    assert reload(draft).product_name == ""


def test_autosave_checks_the_csrf_token(draft, enterprise_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(enterprise_user)
    assert _autosave(strict, draft, {"product_name": "X"}).status_code == 403
    assert reload(draft).product_name == ""


# --- the editor without JavaScript -------------------------------------------------------------


def _form_data(app, **fields):
    data = {"version": app.version, "action": "save"}
    data.update(fields)
    return data


def test_save_draft_button_saves_and_redirects(client, draft, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:edit", args=[draft.pk]), _form_data(draft, product_name="手写")
    )
    assert response.status_code == 302
    assert reload(draft).product_name == "手写"


def test_submit_button_on_an_incomplete_draft_lists_the_problems_and_keeps_the_text(
    client, draft, enterprise_user
):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:edit", args=[draft.pk]),
        _form_data(draft, product_name="保留的名称", action="submit"),
    )
    assert response.status_code == 200
    assert "Enter the models and specifications." in response.context["problems"]
    assert reload(draft).product_name == "保留的名称"
    assert reload(draft).state == ApplicationState.DRAFT


def test_submit_button_on_a_complete_draft_submits(client, call, enterprise, enterprise_user):
    app = make_application(enterprise=enterprise, user=enterprise_user)
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:edit", args=[app.pk]),
        {
            "version": app.version,
            "action": "submit",
            "product_name": app.product_name,
            "models_specs": app.models_specs,
            "trademark": app.trademark,
            "product_standard": str(app.product_standard_id),
            "annual_output": app.annual_output,
            "annual_sales_yuan": str(app.annual_sales_yuan),
            **{f"se_{k}": v for k, v in app.self_evaluation.items()},
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[app.pk])
    assert reload(app).state == ApplicationState.SUBMITTED


def test_the_editor_of_a_submitted_application_redirects_to_its_page(
    client, call, enterprise, enterprise_user
):
    app = make_application(
        state=ApplicationState.SUBMITTED, enterprise=enterprise, user=enterprise_user
    )
    client.force_login(enterprise_user)
    response = client.get(reverse("applications:edit", args=[app.pk]))
    assert response["Location"] == reverse("applications:detail", args=[app.pk])


# --- materials -----------------------------------------------------------------------------------


def test_uploading_a_material_keeps_the_older_file_for_comparison(client, draft, enterprise_user):
    client.force_login(enterprise_user)
    url = reverse("applications:material_upload", args=[draft.pk])
    client.post(url, {"code": "commitment", "file": make_pdf_upload("承诺书.pdf")})
    client.post(url, {"code": "commitment", "file": make_pdf_upload("承诺书-盖章.pdf")})
    current = services.current_materials(draft)
    assert current["commitment"].attachment.original_name == "承诺书-盖章.pdf"
    assert ApplicationMaterial.objects.filter(application=draft).count() == 2
    assert reload(draft).version == draft.version + 2


def test_a_file_of_the_wrong_type_is_refused_with_the_reason(client, draft, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:material_upload", args=[draft.pk]),
        {"code": "commitment", "file": make_text_as_pdf_upload()},
        follow=True,
    )
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert "“报告.pdf”" in errors[0].message
    assert not ApplicationMaterial.objects.exists()


def test_a_material_the_call_does_not_ask_for_is_refused(draft, enterprise_user):
    with pytest.raises(DomainError):
        services.application_attach_material(
            application=draft, code="bribe", upload=make_pdf_upload(), by=enterprise_user
        )


def test_removing_a_material(client, draft, enterprise_user):
    material = services.application_attach_material(
        application=draft, code="commitment", upload=make_pdf_upload(), by=enterprise_user
    )
    client.force_login(enterprise_user)
    client.post(reverse("applications:material_remove", args=[draft.pk, material.pk]))
    assert services.current_materials(draft) == {}
    assert ApplicationMaterial.objects.get().removed_at is not None


def test_files_of_a_submitted_application_cannot_change(call, enterprise, enterprise_user):
    app = make_application(
        state=ApplicationState.QUALIFICATION_REVIEW, enterprise=enterprise, user=enterprise_user
    )
    with pytest.raises(DomainError):
        services.application_attach_material(
            application=app, code="commitment", upload=make_pdf_upload(), by=enterprise_user
        )
    with pytest.raises(DomainError):
        services.application_remove_material(material=app.materials.first(), by=enterprise_user)


def test_another_enterprise_cannot_upload(client, draft):
    client.force_login(make_member(Role.ENTERPRISE))
    response = client.post(
        reverse("applications:material_upload", args=[draft.pk]),
        {"code": "commitment", "file": make_pdf_upload()},
    )
    assert response.status_code == 404
    assert not ApplicationMaterial.objects.exists()
