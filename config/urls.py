"""URL contract: see DESIGN.md. UI pages are language-prefixed (English unprefixed);
health, admin, API, .ics files, press PDFs, files and feeds, certificate verification
and public media (/media/, README "Files") are not."""

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from certificates import urls as certificate_urls
from config import audit_views, media_views, old_addresses, privacy_views, token_views, views
from events import views as event_views
from press import urls as press_urls
from press import urls_manage as press_manage_urls
from registrations import views as registration_views

# Admin login goes through allauth, so two-factor login applies there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "VICTOR Seminars"
admin.site.site_title = "VICTOR Seminars"

# A database outage answers 503 ("try again"), other server errors 500.
handler500 = "config.errors.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("seminars/calendar.ics", event_views.seminars_feed, name="seminars_calendar"),
    path("seminars/<slug:slug>/calendar.ics", event_views.seminar_calendar, name="seminar_calendar"),
    path("press/", include(press_urls.fixed_urlpatterns)),
    path("certificates/verify/", include(certificate_urls.verification_urlpatterns)),
    # Public uploads (logos) when SERVE_MEDIA is on; private files have views of their own.
    path("media/<path:path>", media_views.public_media, name="public_media"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("me/", views.dashboard, name="dashboard"),
    path("me/certificates/", include(certificate_urls.holder_urlpatterns)),
    path("seminars/", include("events.urls")),
    # The seminar page shows its registration state, so registrations serves it.
    path("seminars/<slug:slug>/", registration_views.seminar_detail, name="seminar_detail"),
    path("", include("registrations.urls")),
    path("", include("evaluations.urls")),
    path("press/", include(press_urls.urlpatterns)),
    path("manage/press/list/", include((press_manage_urls.press_list_urlpatterns, "press_list"))),
    path("manage/press/", include("press.urls_manage")),
    path("manage/", include("registrations.urls_manage")),
    path("manage/", include("attendance.urls_manage")),
    path("manage/", include("evaluations.urls_manage")),
    path("manage/", include("certificates.urls_manage")),
    path("manage/", include("reporting.urls_manage")),
    path("manage/", include("events.urls_manage")),
    path("manage/", include("members.urls_manage")),
    # Organiser pages of a seminar by its slug, as before the id: redirected (after every page by id).
    path("manage/seminars/<slug:slug>/<path:rest>", old_addresses.managed_seminar_by_slug),
    path("", include("accounts.urls")),
    # A person's own token and data, and the audit log: site pages (two-factor rules, the privacy registry).
    path("me/api-token/", token_views.api_token, name="api_token"),
    path("me/api-token/revoke/", token_views.api_token_revoke, name="api_token_revoke"),
    path("me/data.json", privacy_views.data_export, name="data_export"),
    path("me/delete/", privacy_views.account_delete, name="account_delete"),
    path("me/deleted/", privacy_views.account_deleted, name="account_deleted"),
    path("manage/audit/", audit_views.audit_log, name="audit_log"),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)
