"""Colleagues and invitations: /manage/organisations/ (language-prefixed)."""

from django.urls import path, re_path

from members import manage_views

app_name = "members"

urlpatterns = [
    path("organisations/", manage_views.organisation_list, name="organisations"),
    # The link in the email. Tokens are long (secrets.token_urlsafe), so an
    # organisation whose slug is "invitations" keeps its own pages below.
    re_path(
        r"^organisations/invitations/(?P<token>[A-Za-z0-9_-]{32,128})/$",
        manage_views.invitation_link,
        name="invitation_link",
    ),
    path("organisations/invitations/accept/", manage_views.invitation_accept, name="invitation_accept"),
    path("organisations/<slug:slug>/", manage_views.organisation_detail, name="organisation"),
    path(
        "organisations/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        manage_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/remove/",
        manage_views.membership_remove,
        name="membership_remove",
    ),
]
