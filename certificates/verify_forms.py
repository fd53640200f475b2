"""The public verification's two forms: type a code, or upload a PDF to compare
with the issued ones."""

import hashlib
from urllib.parse import urlsplit

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from certificates import selectors

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"


class CodeForm(forms.Form):
    """The code under the QR code or the serial number, as printed (the lookup,
    selectors.certificate_with_code, takes either); the whole verification address
    pasted in works too."""

    code = forms.CharField(
        label=_("Verification code or serial number"),
        max_length=300,
        help_text=_("As printed on the certificate: the code under the QR code, or the serial number."),
    )

    def clean_code(self) -> str:
        text = self.cleaned_data["code"]
        if "/" in text:
            segments = [segment for segment in urlsplit(text).path.split("/") if segment]
            text = segments[-1] if segments else ""
        text = " ".join(text.split())
        if not selectors.is_well_formed_code(text):
            raise forms.ValidationError(
                _(
                    "Enter the code or the serial number as printed on the certificate: "
                    "letters, digits, “-” and “_”."
                ),
                code="invalid_code",
            )
        return text


def _too_large() -> forms.ValidationError:
    return forms.ValidationError(
        _("This file is larger than %(size)s: no certificate is that large."),
        code="too_large",
        params={"size": filesizeformat(MAX_UPLOAD_BYTES)},
    )


class UploadForm(forms.Form):
    """A certificate PDF; cleaned_data["sha256"] is the SHA-256 of its bytes."""

    pdf = forms.FileField(label=_("Certificate PDF"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdf"].help_text = _("The PDF file as you received it, at most %(size)s.") % {
            "size": filesizeformat(MAX_UPLOAD_BYTES)
        }

    @classmethod
    def refused_as_too_large(cls) -> "UploadForm":
        """The form as shown for a request body refused before it was read."""
        form = cls(data={}, files={})
        form.errors["pdf"] = form.error_class([_too_large()])
        return form

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise _too_large()
        upload.seek(0)
        if upload.read(len(PDF_SIGNATURE)) != PDF_SIGNATURE:
            raise forms.ValidationError(_("This file is not a PDF."), code="not_pdf")
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        self.cleaned_data["sha256"] = digest.hexdigest()
        return upload
