"""What the project's API views share: the language of each response, a safe JSON parser."""

import inspect
import re
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.utils import OpenApiParameter
from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def requested_language(request) -> str | None:
    """?lang= first, else the first supported language of Accept-Language, else
    None: texts then come in the seminar's language of instruction."""
    code = request.GET.get("lang")
    if code:
        return code
    for accepted, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if accepted == "*":
            break
        try:
            return translation.get_supported_language_variant(accepted)
        except LookupError:
            continue
    return None


def language_parameters(description: str) -> list[OpenApiParameter]:
    """?lang= and Accept-Language in the schema; `description` says what ?lang= sets."""
    return [
        OpenApiParameter("lang", str, OpenApiParameter.QUERY, enum=LANGUAGE_CODES, description=description),
        OpenApiParameter(
            "Accept-Language", str, OpenApiParameter.HEADER, description="Used when ?lang= is not given."
        ),
    ]


LANGUAGE_PARAMETERS = language_parameters(
    "Language of titles, summaries and descriptions. Without it, the first supported "
    "language of Accept-Language; a text missing in that language comes in the seminar's "
    "language of instruction."
)


class RequestedLanguageMixin:
    """Texts and error messages in the language asked for (?lang=, else
    Accept-Language); an unknown ?lang= is a 400, which the schema documents
    for every view (common.api_schema)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Imported here: DRF imports this module (DEFAULT_PARSER_CLASSES) while it loads.
        from common.api_schema import LanguageAwareSchema

        if not isinstance(inspect.getattr_static(cls, "schema", None), LanguageAwareSchema):
            cls.schema = LanguageAwareSchema()

    def dispatch(self, request, *args, **kwargs):
        self.language = requested_language(request)
        with translation.override(self.language if self.language in LANGUAGE_CODES else None):
            response = super().dispatch(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language"])
        if self.language in LANGUAGE_CODES:
            response.headers["Content-Language"] = self.language
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.language and self.language not in LANGUAGE_CODES:
            field = forms.ChoiceField(choices=settings.LANGUAGES, required=False)
            try:
                field.clean(self.language)
            except DjangoValidationError as error:
                raise ValidationError({"lang": error.messages}) from error


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with JSON nested too deeply for Python refused as bad input
    (a 400) instead of a RecursionError (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class SlugReferenceField(serializers.SlugRelatedField):
    """A reference by slug; what cannot be a slug is not looked up (NUL bytes never reach the database)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not SLUG.fullmatch(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:100])
        return super().to_internal_value(data)


class QueryFormatIsAFilter(DefaultContentNegotiation):
    """For a view where ?format= is a filter (a seminar's format): it never picks a renderer."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)
