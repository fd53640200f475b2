"""Public seminar pages (language-prefixed)."""

from django.urls import path

from events.views import public

urlpatterns = [
    path("", public.seminar_list, name="seminar_list"),
    path("<slug:slug>/", public.seminar_detail, name="seminar_detail"),
]
