"""Certificate wording in each UI language (django-modeltranslation). Each
certificate uses the wording of its own language, else the built-in text."""

from modeltranslation.translator import TranslationOptions, register

from certificates.models import CertificateDesign


@register(CertificateDesign)
class CertificateDesignTranslation(TranslationOptions):
    fields = ("wording",)
    required_languages = ()
    fallback_undefined = ""
