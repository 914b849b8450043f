"""URLs of applications (mounted at /applications/)."""

from django.urls import path

from .views import calls, enterprise, opinions, review

app_name = "applications"

urlpatterns = [
    # the enterprise
    path("", enterprise.my_applications, name="mine"),
    path("calls/<int:call_pk>/apply/", enterprise.application_start, name="start"),
    path("<int:pk>/", enterprise.application_detail, name="detail"),
    path("<int:pk>/edit/", enterprise.application_edit, name="edit"),
    path("<int:pk>/autosave/", enterprise.application_autosave, name="autosave"),
    path("<int:pk>/materials/", enterprise.material_upload, name="material_upload"),
    path(
        "<int:pk>/materials/<int:material_pk>/remove/",
        enterprise.material_remove,
        name="material_remove",
    ),
    path("<int:pk>/withdraw/", enterprise.application_withdraw, name="withdraw"),
    # SAMR staff: calls
    path("calls/", calls.call_list, name="call_list"),
    path("calls/new/", calls.call_create, name="call_create"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/publish/", calls.call_publish, name="call_publish"),
    path("calls/<int:pk>/close/", calls.call_close, name="call_close"),
    # SAMR staff: the qualification review
    path("queue/", review.queue, name="queue"),
    path("queue/export.xlsx", review.queue_export, name="queue_export"),
    path("queue/bulk/", review.queue_bulk, name="queue_bulk"),
    path("<int:pk>/review/", review.review, name="review"),
    path("<int:pk>/review/start/", review.review_start, name="review_start"),
    path("<int:pk>/review/checklist/", review.review_checklist, name="review_checklist"),
    path("<int:pk>/review/note/", review.review_note, name="review_note"),
    path("<int:pk>/review/supplement/", review.review_supplement, name="review_supplement"),
    path("<int:pk>/review/opinions/", review.review_opinions, name="review_opinions"),
    path(
        "<int:pk>/review/opinions/<int:request_pk>/withdraw/",
        review.review_opinion_withdraw,
        name="review_opinion_withdraw",
    ),
    path("<int:pk>/review/qualify/", review.review_qualify, name="review_qualify"),
    path("<int:pk>/review/reject/", review.review_reject, name="review_reject"),
    # departments
    path("opinions/", opinions.opinion_list, name="opinion_list"),
    path("opinions/<int:pk>/", opinions.opinion_answer, name="opinion"),
]
