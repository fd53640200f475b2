"""The public list of seminars (language-prefixed); a seminar's page is
registrations.views.seminar_detail (config/urls.py)."""

from django.urls import path

from events import views

urlpatterns = [
    path("", views.seminar_list, name="seminar_list"),
]
