"""The current request's client address, for the audit trail, without threading it everywhere."""

import contextvars
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)


def current_client_ip() -> str | None:
    return _client_ip.get()


def client_ip_of(request: HttpRequest) -> str | None:
    # Behind the reverse proxy of docker-compose, gunicorn sees the proxy; trust X-Real-IP only
    # when the deployment says so.
    from django.conf import settings

    if getattr(settings, "TRUST_X_REAL_IP", False) and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"]
    return request.META.get("REMOTE_ADDR") or None


class ClientIPMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_ip.set(client_ip_of(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)


class LanguageMiddleware:
    """Chinese unless the visitor chose otherwise with the language switch (cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to
    every clerk whose browser happens to be set that way; a Chinese government portal speaks
    Chinese by default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else ""
        except LookupError:
            language = ""
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
