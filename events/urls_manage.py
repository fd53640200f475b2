"""The organiser area: seminars, venues and trainers: /manage/ (language-prefixed)."""

from django.urls import path

from events import manage_views as manage

app_name = "manage"

urlpatterns = [
    path("", manage.seminar_list, name="index"),
    path("seminars/new/", manage.seminar_create, name="seminar_create"),
    path("seminars/<int:pk>/", manage.seminar_edit, name="seminar_edit"),
    path("seminars/<int:pk>/publish/", manage.seminar_publish, name="seminar_publish"),
    path("seminars/<int:pk>/cancel/", manage.seminar_cancel_page, name="seminar_cancel"),
    path("seminars/<int:pk>/duplicate/", manage.seminar_duplicate, name="seminar_duplicate"),
    path("venues/", manage.venue_list, name="venue_list"),
    path("venues/new/", manage.venue_create, name="venue_create"),
    path("venues/<int:pk>/", manage.venue_edit, name="venue_edit"),
    path("trainers/", manage.trainer_list, name="trainer_list"),
    path("trainers/new/", manage.trainer_create, name="trainer_create"),
    path("trainers/<int:pk>/", manage.trainer_edit, name="trainer_edit"),
]
