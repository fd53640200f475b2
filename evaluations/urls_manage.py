"""The organiser's evaluation and materials pages, under /manage/ (language-prefixed)."""

from django.urls import path

from evaluations import manage_views as views

app_name = "manage_evaluations"

urlpatterns = [
    path("seminars/<slug:slug>/evaluation/", views.evaluation_edit, name="edit"),
    path("seminars/<slug:slug>/evaluation/invite/", views.evaluation_invite, name="invite"),
    path("seminars/<slug:slug>/evaluation/remind/", views.evaluation_remind, name="remind"),
    path("seminars/<slug:slug>/evaluation/apply-template/", views.template_apply, name="apply_template"),
    path("seminars/<slug:slug>/evaluation/results/", views.results, name="results"),
    path(
        "seminars/<slug:slug>/evaluation/results/export.csv",
        views.results_export,
        {"file_format": "csv"},
        name="export_csv",
    ),
    path(
        "seminars/<slug:slug>/evaluation/results/export.xlsx",
        views.results_export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path("seminars/<slug:slug>/materials/", views.materials, name="materials"),
    path("seminars/<slug:slug>/materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
    path("projects/<slug:slug>/evaluation-template/", views.template_edit, name="template"),
    path("projects/<slug:slug>/evaluation/results/", views.project_results, name="project_results"),
]
