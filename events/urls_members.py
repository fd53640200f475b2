"""The organiser area for colleagues and invitations: /manage/organisations/ (language-prefixed)."""

app_name = "members"

urlpatterns = []
