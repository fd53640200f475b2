"""What an uploaded file really is, read from its content (never from its name or
the browser's word)."""

import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

# What sniffed_content_type recognises, and the extension each is stored under.
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
IMAGE_MAX_BYTES = 10 * 1024 * 1024


def sniffed_content_type(file) -> str | None:
    """ "application/pdf", "image/png", "image/jpeg", or None. A decompression bomb
    is refused, not merely warned about."""
    from PIL import Image  # Pillow loads only when an upload is checked

    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head == b"%PDF-":
        return "application/pdf"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                image.verify()
    except Exception:  # Pillow raises many kinds of errors for damaged or hostile files
        return None
    finally:
        file.seek(0)
    return {"PNG": "image/png", "JPEG": "image/jpeg"}.get(image_format)


def validate_image_upload(image):
    """A newly uploaded image (a forms.ImageField's value) is a PNG or a JPEG of at most
    10 MB; anything else (a kept or cleared file) passes unchanged."""
    if isinstance(image, UploadedFile):
        if image.size > IMAGE_MAX_BYTES:
            raise ValidationError(_("The image is larger than 10 MB. Choose a smaller one."))
        # forms.ImageField has opened the file with Pillow: trust what it found, not the name.
        if getattr(getattr(image, "image", None), "format", None) not in ("PNG", "JPEG"):
            raise ValidationError(_("The image must be a PNG or a JPEG."))
    return image
