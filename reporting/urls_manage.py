"""The organiser's figures, under /manage/ (language-prefixed)."""

from django.urls import path

from reporting import manage_views

app_name = "manage_reporting"

urlpatterns = [
    path("seminars/<int:pk>/dashboard/", manage_views.seminar_dashboard, name="dashboard"),
    path("seminars/<int:pk>/export/", manage_views.participant_export, name="export"),
    path("projects/", manage_views.project_list, name="project_list"),
    path("projects/<slug:slug>/report/", manage_views.project_report_view, name="project_report"),
]
