"""Checks on images that go into certificates (signatures, logos): judged by
their content with Pillow, never by their name or the browser's content type."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 1024 * 1024
MAX_IMAGE_SIDE = 3000
IMAGE_FORMATS = {"PNG", "JPEG"}


def validate_certificate_image(file) -> None:
    """A PNG or JPEG of at most 1 MB and 3000 pixels a side."""
    if file.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is larger than 1 MB."), code="image_too_large")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Upload a PNG or JPEG image."), code="image_invalid") from error
    finally:
        file.seek(position)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(_("Upload a PNG or JPEG image."), code="image_format")
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
        raise ValidationError(
            _("The image is larger than %(side)s pixels on a side.") % {"side": MAX_IMAGE_SIDE},
            code="image_dimensions",
        )
