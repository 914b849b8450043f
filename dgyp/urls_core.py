"""URLs of the core pages."""

from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.inbox_mark_all_read, name="inbox_mark_all_read"),
    path("inbox/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("calendar/", views.calendar_overview, name="calendar"),
    path("calendar/years/", views.calendar_year_add, name="calendar_year_add"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
    path("calendar/<int:year>/days/", views.calendar_day_set, name="calendar_day_set"),
    path("calendar/<int:year>/days/remove/", views.calendar_day_remove, name="calendar_day_remove"),
    path("files/<uuid:uuid>/", views.attachment_download, name="attachment_download"),
]
