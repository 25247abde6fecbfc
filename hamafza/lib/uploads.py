"""What an uploaded evidence file really is, judged by its content, not by its name."""

import io
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

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
# Office files are zip archives. A real one has at most a few thousand members and compresses its XML
# five to thirty times; a zip bomb (a 188 KB .xlsx that unpacks to 180 MB) a thousand times. The sizes an
# archive declares are checked before any reader opens it (zipfile's reader never inflates a member past
# its declared size, so an archive cannot lie its way past this check into openpyxl).
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
ZIP_RATIO_FROM = 5 * 1024 * 1024


ZIP_BOMB_MESSAGE = _(
    "The file was not opened: it would unpack to far more than its size, as a zip bomb does. "
    "Save it again in Excel or Word and send it once more."
)


class UploadRejected(ValueError):
    """The file is refused; `code` says why (type, size, content)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Sniffed:
    extension: str
    content_type: str


def check_zip(source, *, max_uncompressed: int = MAX_ZIP_UNCOMPRESSED) -> list[str]:
    """The member names of a zip archive (bytes, a path or an open binary file, rewound afterwards)
    after checking that it does not unpack to more than `max_uncompressed` bytes, nor more than
    MAX_ZIP_RATIO times its packed size once above ZIP_RATIO_FROM; UploadRejected("zip_bomb") if it
    does, UploadRejected("content") if it is no zip archive at all. Nothing is inflated."""
    opened = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    position = opened.tell() if hasattr(opened, "tell") else None
    try:
        with zipfile.ZipFile(opened) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UploadRejected("content") from None
    finally:
        if position is not None:
            opened.seek(position)
    if len(infos) > MAX_ZIP_MEMBERS:
        raise UploadRejected("zip_bomb")
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > max_uncompressed or (
        unpacked > ZIP_RATIO_FROM and unpacked > MAX_ZIP_RATIO * max(packed, 1)
    ):
        raise UploadRejected("zip_bomb")
    return [info.filename for info in infos]


def _zip_kind(stream: BinaryIO) -> str | None:
    try:
        names = check_zip(stream)
    except UploadRejected as error:
        if error.code == "content":
            return None
        raise
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def sniff(name: str, data: bytes, *, max_bytes: int) -> Sniffed:
    """Accept the file only if its extension is allowed and its bytes are of that kind."""
    return sniff_file(name, io.BytesIO(data), len(data), max_bytes=max_bytes)


def sniff_file(name: str, stream: BinaryIO, size: int, *, max_bytes: int) -> Sniffed:
    """sniff() for a file that is not in memory (an upload Django spooled to disk): the size is judged
    before any byte is read, then only what the check needs is read (the first bytes, a zip's
    directory, an image's chunks one by one), never the whole file at once. `stream` is rewound."""
    if size == 0:
        raise UploadRejected("empty")
    if size > max_bytes:
        raise UploadRejected("size")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise UploadRejected("type")
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    try:
        if extension == "pdf":
            ok = head.startswith(b"%PDF-")
        elif extension == "png":
            ok = head.startswith(b"\x89PNG\r\n\x1a\n") and _image_ok(stream)
        elif extension in {"jpg", "jpeg"}:
            ok = head.startswith(b"\xff\xd8\xff") and _image_ok(stream)
        elif extension in {"docx", "xlsx"}:
            ok = head.startswith(b"PK\x03\x04") and _zip_kind(stream) == extension
        else:  # doc, xls: the old OLE2 compound files
            ok = head.startswith(OLE2_MAGIC)
    finally:
        stream.seek(0)
    if not ok:
        raise UploadRejected("content")
    return Sniffed(extension=extension, content_type=ALLOWED_EXTENSIONS[extension])


def _image_ok(stream: BinaryIO) -> bool:
    from PIL import Image

    try:
        with Image.open(stream) as image:
            image.verify()
    except Exception:
        return False
    return True
