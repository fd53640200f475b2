from django.urls import path

from accounts import views

urlpatterns = [
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
]
