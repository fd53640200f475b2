"""The organiser's registrations pages, under /manage/ (language-prefixed)."""

from django.urls import path

from registrations import dashboard_views, manage_views, report_views

app_name = "manage_registrations"

urlpatterns = [
    path("seminars/<int:pk>/registrations/", manage_views.registration_list, name="registration_list"),
    path(
        "seminars/<int:pk>/registrations/<int:registration_pk>/cancel/",
        manage_views.registration_cancel,
        name="registration_cancel",
    ),
    path("seminars/<int:pk>/seats/", manage_views.seats, name="seats"),
    path("seminars/<int:pk>/questions/", manage_views.questions_edit, name="questions"),
    # Insight: dashboard, exports, funder reports (seminars and projects by slug)
    path("seminars/<slug:slug>/dashboard/", dashboard_views.seminar_dashboard, name="dashboard"),
    path("seminars/<slug:slug>/export/", dashboard_views.participant_export, name="export"),
    path("projects/", report_views.project_list, name="project_list"),
    path("projects/<slug:slug>/report/", report_views.project_report_view, name="project_report"),
]
