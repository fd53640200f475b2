"""The organiser's pages at the door and after it, under /manage/ (language-prefixed).
The check-in code's address sits in QR codes already emailed and printed: it stays."""

from django.urls import path

from attendance import manage_views

app_name = "manage_attendance"

urlpatterns = [
    path("seminars/<int:pk>/check-in/", manage_views.desk, name="desk"),
    path("check-in/<str:code>/", manage_views.check_in_code, name="check_in_code"),
    path("seminars/<int:pk>/attendance/", manage_views.attendance, name="attendance"),
    path("seminars/<int:pk>/sign-in-sheet/", manage_views.sign_in_sheets, name="sign_in_sheets"),
    path(
        "seminars/<int:pk>/sign-in-sheet/<str:day>/pdf/",
        manage_views.sign_in_sheet_pdf,
        name="sign_in_sheet_pdf",
    ),
]
