"""REST API (/api/v1/), its OpenAPI schema (/api/schema/) and docs (/api/docs/)."""

app_name = "api"

urlpatterns = []
