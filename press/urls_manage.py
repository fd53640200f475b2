"""The press area: /manage/press/ (language-prefixed)."""

app_name = "manage_press"

urlpatterns = []
