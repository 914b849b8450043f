"""URLs of the alliance pages for signed-in users (mounted at /alliance/, namespace "alliance").

The public pages share the /alliance/ prefix (portal/urls_alliance.py: "", "call/", "proposed/",
"members/"); the paths here never start with those."""

from django.urls import path

from . import views

app_name = "alliance"

urlpatterns = [
    # SAMR staff (auditors read)
    path("calls/", views.call_list, name="call_list"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("calls/<int:pk>/deadline/", views.call_deadline, name="call_deadline"),
    path("calls/<int:pk>/close/", views.call_close, name="call_close"),
    path(
        "calls/<int:pk>/consultation/",
        views.call_start_consultation,
        name="call_start_consultation",
    ),
    path(
        "calls/<int:pk>/comment-deadline/",
        views.call_comment_deadline,
        name="call_comment_deadline",
    ),
    path("calls/<int:pk>/establish/", views.call_establish, name="call_establish"),
    path("calls/<int:pk>/applications/", views.application_queue, name="application_queue"),
    path("calls/<int:pk>/applications/bulk/", views.application_bulk, name="application_bulk"),
    path("calls/<int:pk>/comments/", views.comment_list, name="comment_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/accept/", views.application_accept, name="application_accept"),
    path("applications/<int:pk>/return/", views.application_return, name="application_return"),
    path("applications/<int:pk>/assign/", views.application_assign, name="application_assign"),
    path(
        "applications/<int:pk>/list/<str:action>/",
        views.application_list_decide,
        name="application_list_decide",
    ),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("roster/", views.member_list, name="member_list"),
    path("roster/<int:pk>/", views.member_detail, name="member_detail"),
    path("roster/<int:pk>/violations/", views.violation_record, name="violation_record"),
    path("roster/<int:pk>/disqualify/", views.member_disqualify, name="member_disqualify"),
    # institutions
    path("my/applications/", views.my_applications, name="my_applications"),
    path("my/calls/<int:call_pk>/apply/", views.application_create, name="application_create"),
    path("my/applications/<int:pk>/", views.my_application_detail, name="my_application_detail"),
    path("my/applications/<int:pk>/edit/", views.my_application_edit, name="my_application_edit"),
    path(
        "my/applications/<int:pk>/materials/",
        views.my_application_upload,
        name="my_application_upload",
    ),
    path(
        "my/applications/<int:pk>/submit/",
        views.my_application_submit,
        name="my_application_submit",
    ),
    # associations
    path("screening/", views.screening_list, name="screening_list"),
    path("screening/<int:pk>/", views.screening_detail, name="screening_detail"),
    # departments
    path("consultation/", views.consultation_list, name="consultation_list"),
    path("consultation/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    # enterprises
    path("ratings/", views.rating_list, name="rating_list"),
    path("ratings/<int:member_pk>/", views.rating_edit, name="rating_edit"),
]
