"""Text files: UTF-8 (with or without BOM), UTF-16, or Windows-1256, returned as they are."""

import codecs
import re

from hamafza.minutes.readers.refusals import fail


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1256 for old Arabic-script files."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if len(data) >= 4:
        # UTF-16 without a BOM: the high byte of Latin and Persian characters is 0x00 or 0x06.
        for codec, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
            if high.count(0) + high.count(6) > 0.7 * len(high):
                return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def read_text(data: bytes) -> str:
    text = decode_text(data)
    if len(_CONTROL.findall(text[:20000])) > max(3, len(text[:20000]) // 100):
        raise fail("binary_text")
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
