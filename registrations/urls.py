"""Participant pages (language-prefixed): registering for a seminar, and the
actions on one's own registrations under /me/."""

from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("seminars/<slug:slug>/register/", views.register, name="register"),
    path("me/registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("me/registrations/<int:pk>/confirm/", views.confirm_offer, name="confirm"),
]
