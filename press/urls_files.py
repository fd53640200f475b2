"""Press files outside the language prefix: PDFs and feeds (their URLs never change)."""

urlpatterns = []
