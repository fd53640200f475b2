"""Press files outside the language prefix: PDFs, images, attachments and feeds
(their URLs never change)."""

from django.urls import path

from press import feeds, views

urlpatterns = [
    path("feed/rss/", feeds.ReleaseRssFeed(), name="press_feed_rss"),
    path("feed/atom/", feeds.ReleaseAtomFeed(), name="press_feed_atom"),
    path("<slug:slug>/pdf/", views.release_pdf, name="press_pdf"),
    path("<slug:slug>/image/", views.release_image, name="press_image"),
    path("<slug:slug>/files/<int:pk>/", views.release_attachment, name="press_attachment"),
]
