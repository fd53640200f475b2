"""The organiser area for seminars, venues and trainers: /manage/ (language-prefixed)."""

app_name = "manage"

urlpatterns = []
