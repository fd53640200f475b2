"""Public press pages (language-prefixed): /press/ (name "press_release_list") and
/press/<slug>/ (name "press_detail")."""

from django.urls import path

from press import views

urlpatterns = [
    path("", views.release_list, name="press_release_list"),
    path("<slug:slug>/", views.release_detail, name="press_detail"),
]
