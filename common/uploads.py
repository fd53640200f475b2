"""What an uploaded file really is, read from its content (never from its name or
the browser's word)."""

import warnings

# What sniffed_content_type recognises, and the extension each is stored under.
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


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
