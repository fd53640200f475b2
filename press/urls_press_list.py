"""The press list and embargoed distribution: /manage/press/list/ (language-prefixed)."""

app_name = "press_list"

urlpatterns = []
