"""The organiser's registrations pages, under /manage/ (language-prefixed)."""

from django.urls import path

from registrations import desk_views, manage_views

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
    # The door and attendance (seminars by slug)
    path("seminars/<slug:slug>/check-in/", desk_views.desk, name="desk"),
    path("check-in/<str:code>/", desk_views.check_in_code, name="check_in_code"),
    path("seminars/<slug:slug>/attendance/", desk_views.attendance, name="attendance"),
    path("seminars/<slug:slug>/sign-in-sheet/", desk_views.sign_in_sheets, name="sign_in_sheets"),
    path(
        "seminars/<slug:slug>/sign-in-sheet/<str:day>/pdf/",
        desk_views.sign_in_sheet_pdf,
        name="sign_in_sheet_pdf",
    ),
]
