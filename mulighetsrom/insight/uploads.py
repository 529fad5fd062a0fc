"""Checks for attachments: size, extension and content must agree (no XML is parsed)."""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024

# extension -> (content type, zip member that must exist for Office files)
ALLOWED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
_OFFICE_MARKER = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ".gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def check_attachment(name: str, size: int, stream: IO[bytes]) -> str:
    """Return the content type for an acceptable file, or raise ValidationError with a sentence."""
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED:
        raise ValidationError(
            _("Only PDF, Word (.docx), Excel (.xlsx) and image files (PNG, JPEG, GIF, WebP) can be attached.")
        )
    if size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(_("The file is too large: attachments can be at most 10 MB."))
    if size == 0:
        raise ValidationError(_("The file is empty."))
    stream.seek(0)
    sniffed = _sniff(stream.read(16))
    stream.seek(0)
    expected = ".jpg" if ext == ".jpeg" else ext
    office_ok = ext in _OFFICE_MARKER and sniffed == "zip" and _has_member(stream, _OFFICE_MARKER[ext])
    if not office_ok and sniffed != expected:
        raise ValidationError(
            _("The file's content does not match its name (%(ext)s). Check that it is not damaged or renamed.")
            % {"ext": ext}
        )
    return ALLOWED[ext]


def _has_member(stream: IO[bytes], member: str) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        stream.seek(0)
