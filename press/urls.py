"""Public press pages (language-prefixed): /press/ (name "press_release_list") and
/press/<slug>/ (name "press_detail")."""

urlpatterns = []
