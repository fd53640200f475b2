"""The public press pages. Language-prefixed (`urlpatterns`, under /press/): the list
(name "press_release_list") and a release ("press_detail"). Outside the language
prefix (`fixed_urlpatterns`, under /press/: their addresses are printed in PDFs,
feeds and emails and never change): the feeds, a release's PDF, image and
attachments, and the journalist's unsubscribe page ("press_unsubscribe")."""

from django.urls import path

from press import feeds, views

urlpatterns = [
    path("", views.release_list, name="press_release_list"),
    path("<slug:slug>/", views.release_detail, name="press_detail"),
]

fixed_urlpatterns = [
    path("unsubscribe/<uuid:token>/", views.unsubscribe, name="press_unsubscribe"),
    path("feed/rss/", feeds.ReleaseRssFeed(), name="press_feed_rss"),
    path("feed/atom/", feeds.ReleaseAtomFeed(), name="press_feed_atom"),
    path("<slug:slug>/pdf/", views.release_pdf, name="press_pdf"),
    path("<slug:slug>/image/", views.release_image, name="press_image"),
    path("<slug:slug>/files/<int:pk>/", views.release_attachment, name="press_attachment"),
]
