"""The organiser's certificate pages, under /manage/ (language-prefixed)."""

from django.urls import path

from certificates import manage_views

app_name = "manage_certificates"

urlpatterns = [
    path("seminars/<int:pk>/certificates/", manage_views.certificate_list, name="certificate_list"),
    path("seminars/<int:pk>/certificates/issue/", manage_views.certificates_issue_for_seminar, name="issue"),
    path("seminars/<int:pk>/certificates/design/", manage_views.design_edit, name="design"),
    path(
        "seminars/<int:pk>/certificates/<int:certificate_pk>/revoke/",
        manage_views.certificate_revoke,
        name="revoke",
    ),
    path(
        "seminars/<int:pk>/certificates/<int:certificate_pk>/reissue/",
        manage_views.certificate_reissue,
        name="reissue",
    ),
    path(
        "seminars/<int:pk>/certificates/<int:certificate_pk>/issue-new/",
        manage_views.certificate_issue_after_revocation,
        name="issue_new",
    ),
]
