"""The site's URLs without its handler500: database outages become Django's 500."""

from config.urls import urlpatterns  # noqa: F401
