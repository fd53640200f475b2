"""The organiser area: seminars, venues, trainers, colleagues and invitations: /manage/ (language-prefixed)."""

from django.urls import path, re_path

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
    # Colleagues and invitations: /manage/organisations/.
    path("organisations/", manage.organisation_list, name="organisations"),
    # The link in the email. Tokens are long (secrets.token_urlsafe), so an
    # organisation whose slug is "invitations" keeps its own pages below.
    re_path(
        r"^organisations/invitations/(?P<token>[A-Za-z0-9_-]{32,128})/$",
        manage.invitation_link,
        name="invitation_link",
    ),
    path("organisations/invitations/accept/", manage.invitation_accept, name="invitation_accept"),
    path("organisations/<slug:slug>/", manage.organisation_detail, name="organisation"),
    path(
        "organisations/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        manage.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/remove/",
        manage.membership_remove,
        name="membership_remove",
    ),
]
