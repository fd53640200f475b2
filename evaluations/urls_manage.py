"""The organiser's evaluation and materials pages, under /manage/ (language-prefixed)."""

from django.urls import path

from evaluations import manage_views as views

app_name = "manage_evaluations"

urlpatterns = [
    path("seminars/<int:pk>/evaluation/", views.evaluation_edit, name="edit"),
    path("seminars/<int:pk>/evaluation/invite/", views.evaluation_invite, name="invite"),
    path("seminars/<int:pk>/evaluation/remind/", views.evaluation_remind, name="remind"),
    path("seminars/<int:pk>/evaluation/apply-template/", views.template_apply, name="apply_template"),
    path("seminars/<int:pk>/evaluation/results/", views.results, name="results"),
    path(
        "seminars/<int:pk>/evaluation/results/export.csv",
        views.results_export,
        {"file_format": "csv"},
        name="export_csv",
    ),
    path(
        "seminars/<int:pk>/evaluation/results/export.xlsx",
        views.results_export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path("seminars/<int:pk>/materials/", views.materials, name="materials"),
    path(
        "seminars/<int:pk>/materials/<int:material_pk>/remove/", views.material_remove, name="material_remove"
    ),
    path("projects/<slug:slug>/evaluation-template/", views.template_edit, name="template"),
    path("projects/<slug:slug>/evaluation/results/", views.project_results, name="project_results"),
]
