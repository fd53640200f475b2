"""The organiser area for colleagues and invitations: /manage/organisations/ (language-prefixed)."""

from django.urls import path, re_path

from events.views import members

app_name = "members"

urlpatterns = [
    path("", members.organisation_list, name="organisations"),
    # The link in the email. Tokens are long (secrets.token_urlsafe), so an
    # organisation whose slug is "invitations" keeps its own pages below.
    re_path(
        r"^invitations/(?P<token>[A-Za-z0-9_-]{32,128})/$",
        members.invitation_link,
        name="invitation_link",
    ),
    path("invitations/accept/", members.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/", members.organisation_detail, name="organisation"),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/revoke/",
        members.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "<slug:slug>/members/<int:membership_id>/remove/",
        members.membership_remove,
        name="membership_remove",
    ),
]
