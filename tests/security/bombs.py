"""Real Office files that unpack to far more than their size (zip bombs), built on the fly: a genuine
workbook or Word document with one more member of zeros, tens of megabytes that pack to a few dozen KB."""

import io
import zipfile

UNPACKED = 40 * 1024 * 1024


def _padded(original: bytes, member: str, unpacked: int) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in source.infolist():
            bomb.writestr(info, source.read(info.filename))
        with bomb.open(member, "w") as padding:
            chunk = b"0" * (1024 * 1024)
            for _i in range(unpacked // len(chunk)):
                padding.write(chunk)
    return out.getvalue()


def xlsx_bomb(unpacked: int = UNPACKED) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["کد محله", "مقدار"])
    workbook.active.append(["N-1", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _padded(buffer.getvalue(), "xl/media/image1.bin", unpacked)


def docx_bomb(unpacked: int = UNPACKED) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("گزارش")
    buffer = io.BytesIO()
    document.save(buffer)
    return _padded(buffer.getvalue(), "word/media/image1.bin", unpacked)
