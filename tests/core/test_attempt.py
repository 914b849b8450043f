"""`attempt`: a view's service call, with the refusal shown to the user and nothing else."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from dgyp.exceptions import DomainError, attempt


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _refuse():
    raise DomainError("不可以")


def test_success_is_said_and_reported():
    request = _request()
    assert attempt(request, lambda: None, success="已保存") is True
    assert [str(m) for m in get_messages(request)] == ["已保存"]


def test_a_refusal_becomes_an_error_message():
    request = _request()
    assert attempt(request, _refuse, success="已保存") is False
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "不可以")]


def test_a_refusal_goes_on_the_form_when_there_is_one():
    request = _request()
    form = forms.Form(data={})
    form.is_valid()
    assert attempt(request, _refuse, success="已保存", form=form) is False
    assert form.non_field_errors() == ["不可以"]
    assert list(get_messages(request)) == []
