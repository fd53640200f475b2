"""The organiser's registrations pages, under /manage/ (language-prefixed)."""

from django.urls import path

from registrations import manage_views

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
]
