"""The press office: the press area /manage/press/ (`urlpatterns`, namespace
"manage_press") and the press list /manage/press/list/ (`press_list_urlpatterns`,
namespace "press_list"), both language-prefixed."""

from django.urls import path

from press import manage_views as views

app_name = "manage_press"

urlpatterns = [
    path("", views.release_list, name="index"),
    path("new/", views.release_edit, name="release_create"),
    path("<int:pk>/", views.release_detail, name="release_detail"),
    path("<int:pk>/edit/", views.release_edit, name="release_edit"),
    path("<int:pk>/translate/", views.release_translate, name="release_translate"),
    path("<int:pk>/preview/", views.release_preview, name="release_preview"),
    path("<int:pk>/review/", views.release_submit, name="release_submit"),
    path("<int:pk>/publish/", views.release_publish, name="release_publish"),
    path("<int:pk>/schedule/", views.release_publish, {"later": True}, name="release_schedule"),
    path("<int:pk>/correct/", views.release_correct, name="release_correct"),
    path("<int:pk>/withdraw/", views.release_withdraw, name="release_withdraw"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_edit, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_edit, name="contact_edit"),
]

press_list_urlpatterns = [
    path("", views.entry_list, name="index"),
    path("new/", views.entry_edit, name="entry_create"),
    path("<int:pk>/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("send/<int:release_id>/", views.release_send, name="send"),
]
