"""Public verification (outside the language prefix: its address is printed in
QR codes) and the holder's downloads under /me/ (language-prefixed like /me/)."""

from django.urls import path

from certificates import views

verification_urlpatterns = [
    path("", views.verify_start, name="certificate_verify_start"),
    path("<str:code>/", views.verify, name="certificate_verify"),
]

holder_urlpatterns = [
    path("<int:pk>/pdf/", views.download, name="certificate_download"),
]
