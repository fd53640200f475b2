"""The participant's evaluation and materials pages, under /me/ (language-prefixed)."""

from django.urls import path

from evaluations import views
from evaluations.models import Phase

app_name = "evaluations"

urlpatterns = [
    path("me/evaluations/<slug:slug>/", views.answer, name="answer"),
    path("me/evaluations/<slug:slug>/pre/", views.answer, {"phase": Phase.PRE}, name="answer_pre"),
    path("me/materials/<int:pk>/", views.material_download, name="material"),
]
