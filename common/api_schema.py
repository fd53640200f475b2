"""The OpenAPI description of what every API view may answer besides its own responses."""

from drf_spectacular.openapi import AutoSchema


class LanguageAwareSchema(AutoSchema):
    """Adds the answers shared by all operations: a 400 for an unknown ?lang=
    (common.api_language), a 404 for a ?page= past the end of a list (DRF's
    page-number pagination), and a 429 where a rate limit applies (every view
    has the per-address and per-person limits of DEFAULT_THROTTLE_CLASSES)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        query = {
            parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"
        }
        responses = operation["responses"]
        if "lang" in query and "400" not in responses:
            responses["400"] = {"description": "Invalid input, such as an unknown language in ?lang=."}
        if "page" in query and "404" not in responses:
            responses["404"] = {"description": "No such page of the list."}
        if self.view.get_throttles() and "429" not in responses:
            responses["429"] = {"description": "Too many requests; see Retry-After."}
        return operation
