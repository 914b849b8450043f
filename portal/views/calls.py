"""Public pages of calls for applications: the notice, the dates, the materials asked for and
the categories one may apply in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from applications.selectors import call_get_public, calls_public
from dgyp.paging import paginate


@require_safe
def call_list(request: HttpRequest) -> HttpResponse:
    page, query_string = paginate(request, calls_public(), 20)
    return render(
        request,
        "portal/calls/list.html",
        {"page_obj": page, "query_string": query_string, "today": timezone.localdate()},
    )


@require_safe
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_get_public(pk=pk)
    return render(
        request,
        "portal/calls/detail.html",
        {
            "call": call,
            "is_open": call.is_open,
            "categories": call.edition.categories.select_related("industry").prefetch_related(
                "standards"
            ),
        },
    )
