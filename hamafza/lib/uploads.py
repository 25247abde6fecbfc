"""What an uploaded evidence file really is, judged by its content, not by its name."""

import io
import zipfile
from dataclasses import dataclass

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"

ALLOWED_EXTENSIONS = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "docx": DOCX,
    "xlsx": XLSX,
    "doc": DOC,
    "xls": XLS,
}

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024


class UploadRejected(ValueError):
    """The file is refused; `code` says why (type, size, content)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Sniffed:
    extension: str
    content_type: str


def _zip_kind(head: bytes, data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        infos = archive.infolist()
    except zipfile.BadZipFile:
        return None
    if len(names) > MAX_ZIP_MEMBERS or sum(info.file_size for info in infos) > MAX_ZIP_UNCOMPRESSED:
        raise UploadRejected("content")
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def sniff(name: str, data: bytes, *, max_bytes: int) -> Sniffed:
    """Accept the file only if its extension is allowed and its bytes are of that kind."""
    if len(data) == 0:
        raise UploadRejected("empty")
    if len(data) > max_bytes:
        raise UploadRejected("size")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise UploadRejected("type")
    head = data[:16]
    if extension == "pdf":
        ok = head.startswith(b"%PDF-")
    elif extension == "png":
        ok = head.startswith(b"\x89PNG\r\n\x1a\n") and _image_ok(data)
    elif extension in {"jpg", "jpeg"}:
        ok = head.startswith(b"\xff\xd8\xff") and _image_ok(data)
    elif extension in {"docx", "xlsx"}:
        ok = head.startswith(b"PK\x03\x04") and _zip_kind(head, data) == extension
    else:  # doc, xls: the old OLE2 compound files
        ok = head.startswith(OLE2_MAGIC)
    if not ok:
        raise UploadRejected("content")
    return Sniffed(extension=extension, content_type=ALLOWED_EXTENSIONS[extension])


def _image_ok(data: bytes) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception:
        return False
    return True
