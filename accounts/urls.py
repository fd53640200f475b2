from django.urls import path

from accounts import views
from accounts.token_views import api_token, api_token_revoke

urlpatterns = [
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("me/api-token/", api_token, name="api_token"),
    path("me/api-token/revoke/", api_token_revoke, name="api_token_revoke"),
]
