from django.urls import path

from accounts import views
from accounts.audit_views import audit_log
from accounts.privacy_views import account_delete, account_deleted, data_export
from accounts.token_views import api_token, api_token_revoke

urlpatterns = [
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("me/api-token/", api_token, name="api_token"),
    path("me/api-token/revoke/", api_token_revoke, name="api_token_revoke"),
    path("me/data.json", data_export, name="data_export"),
    path("me/delete/", account_delete, name="account_delete"),
    path("me/deleted/", account_deleted, name="account_deleted"),
    path("manage/audit/", audit_log, name="audit_log"),
]
