"""Public notices (公告): announcements, calls, consultations, publicity and results."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from dgyp.models import PublicNotice
from dgyp.notices import notices_public
from dgyp.paging import paginate


@require_safe
def notice_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in PublicNotice.Kind.values:
        kind = ""
    page, query_string = paginate(request, notices_public(kind=kind or None), 20)
    return render(
        request,
        "portal/notice_list.html",
        {
            "page_obj": page,
            "query_string": query_string,
            "kind": kind,
            "kinds": PublicNotice.Kind.choices,
        },
    )


@require_safe
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(PublicNotice, pk=pk)
    return render(request, "portal/notice_detail.html", {"notice": notice})
