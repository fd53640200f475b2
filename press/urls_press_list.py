"""The press list and embargoed distribution: /manage/press/list/ (language-prefixed).

The journalists' unsubscribe page is outside the language prefix, in config/urls.py
(name "press_unsubscribe"): its address is printed in emails and must never change."""

from django.urls import path

from press import press_list_views as views

app_name = "press_list"

urlpatterns = [
    path("", views.entry_list, name="index"),
    path("new/", views.entry_create, name="entry_create"),
    path("<int:pk>/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("send/<int:release_id>/", views.release_send, name="send"),
]
