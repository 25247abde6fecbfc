"""Build the development corpus of minutes from its sources (run by hand; the outputs are committed).

    .venv/bin/python tests/data/minutes/build.py

Writes NN.txt (from sources_text.py, in each document's encoding), NN.docx (python-docx) and NN.pdf
(WeasyPrint with Vazirmatn from node_modules) from sources_docs.py, and the unreadable files in bad/.
The gold NN.json files are written by hand and are not touched. Output is deterministic: fixed zip
timestamps and document properties, fixed PDF identifiers.

`expected_lines(doc)` gives the text the reader must return for a Word or PDF source; the tests use it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import html
import io
import re
import struct
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FONTS = ROOT / "node_modules" / "vazirmatn" / "fonts" / "ttf"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

sys.path.insert(0, str(HERE))
from sources_docs import DOCS  # noqa: E402
from sources_text import TEXTS  # noqa: E402

# --- plain text ---------------------------------------------------------------------------------


def scramble(text: str) -> str:
    """What a PDF viewer's copy gives: wrapped lines, two of three in reversed word order, and in
    those the lam-alef of a word cut out and put before the word's start («محلات» → «ت لامح»)."""
    out: list[str] = []
    counter = 0
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            out.append("")
            continue
        for start in range(0, len(words), 11):
            chunk = words[start : start + 11]
            if counter % 3 != 1:
                tokens: list[str] = []
                for word in reversed(chunk):
                    index = word.find("لا")
                    if index > 0:
                        tail = word[index + 2 :]
                        tokens.extend([tail, "لا" + word[:index]] if tail else ["لا" + word[:index]])
                    else:
                        tokens.append(word)
                chunk = tokens
            out.append(" " + " ".join(chunk) + " ")
            counter += 1
        out.append("")
    return "\n".join(out)


def write_text(number: str, encoding: str, text: str) -> None:
    path = HERE / f"{number}.txt"
    if encoding == "pasted":
        path.write_bytes(scramble(text).encode("utf-8"))
    elif encoding == "utf-8":
        path.write_bytes(text.encode("utf-8"))
    elif encoding == "utf-8-sig-crlf":
        path.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    elif encoding == "utf-16":
        path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    elif encoding == "cp1256":
        path.write_bytes(text.replace("\n", "\r\n").encode("cp1256"))
    else:
        raise ValueError(encoding)


# --- Word ---------------------------------------------------------------------------------------

FIXED_TIME = dt.datetime(2024, 1, 1, 8, 0, 0)


def _deterministic_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if "paras" in cell:
        return " ".join(cell["paras"])
    if "lines" in cell:
        return " ".join(cell["lines"])
    if "nested" in cell:
        return " ".join(" ".join(row) for row in cell["nested"])
    return cell["text"]


def build_docx(number: str, doc: dict) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "دبیرخانه"
    document.core_properties.last_modified_by = "دبیرخانه"
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    document.core_properties.revision = 1
    style = document.styles["Normal"]
    style.font.name = "Vazirmatn"
    style.font.size = Pt(12)

    # Numbering definitions: one abstractNum + num per list, and one for bullets.
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    num_ids: dict[str, int] = {}
    lists = dict(doc.get("lists", {}))
    lists["_bullet"] = ["•"]
    for index, (key, texts) in enumerate(sorted(lists.items())):
        abstract_id = 90 + index
        fmt = "bullet" if key == "_bullet" else "decimal"
        levels = "".join(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{360 * (ilvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
            for ilvl, text in enumerate(texts)
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'
        )
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{abstract_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
        num_ids[key] = abstract_id

    def rtl_paragraph(paragraph) -> None:
        paragraph._p.get_or_add_pPr().append(parse_xml(f"<w:bidi {nsdecls('w')}/>"))
        for run in paragraph.runs:
            run._r.get_or_add_rPr().append(parse_xml(f"<w:rtl {nsdecls('w')}/>"))

    def numbered(paragraph, key: str, level: int) -> None:
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.insert(
            0,
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_ids[key]}"/></w:numPr>'
            ),
        )

    def fill_cell(cell, value) -> None:
        paragraph = cell.paragraphs[0]
        if isinstance(value, str):
            paragraph.add_run(value)
        elif "paras" in value:
            paragraph.add_run(value["paras"][0])
            for text in value["paras"][1:]:
                cell.add_paragraph(text)
        elif "lines" in value:
            run = paragraph.add_run(value["lines"][0])
            for text in value["lines"][1:]:
                run.add_break()
                run.add_text(text)
        elif "nested" in value:
            inner = cell.add_table(rows=len(value["nested"]), cols=len(value["nested"][0]))
            inner._tbl.tblPr.append(parse_xml(f"<w:bidiVisual {nsdecls('w')}/>"))
            for r, row in enumerate(value["nested"]):
                for c, text in enumerate(row):
                    inner.cell(r, c).paragraphs[0].add_run(text)
        else:
            paragraph.add_run(value["text"])
        for paragraph in cell.paragraphs:
            rtl_paragraph(paragraph)

    def add_table(spec: dict) -> None:
        rows = spec["rows"]
        width = max(sum(cell.get("span", 1) if isinstance(cell, dict) else 1 for cell in row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        if not spec.get("frame"):
            table.style = document.styles["Table Grid"]
        if spec.get("rtl"):
            table._tbl.tblPr.append(parse_xml(f"<w:bidiVisual {nsdecls('w')}/>"))
        for r, row in enumerate(rows):
            cells = list(row)
            if spec.get("visual_ltr"):
                cells = cells[::-1]
            for c, value in enumerate(cells):
                if value is None:
                    continue
                if isinstance(value, dict) and "span" in value:
                    merged = table.cell(r, c).merge(table.cell(r, c + value["span"] - 1))
                    fill_cell(merged, value)
                elif isinstance(value, dict) and "down" in value:
                    merged = table.cell(r, c).merge(table.cell(r + value["down"] - 1, c))
                    fill_cell(merged, value)
                else:
                    fill_cell(table.cell(r, c), value)
        for cell in table.rows[0].cells:
            for run in (run for p in cell.paragraphs for run in p.runs):
                run.bold = True

    for block in doc["blocks"]:
        kind = block[0]
        if kind == "table":
            add_table(block[1])
            continue
        paragraph = document.add_paragraph()
        if kind == "lines":
            run = paragraph.add_run(block[1][0])
            for text in block[1][1:]:
                run.add_break()
                run.add_text(text)
        else:
            run = paragraph.add_run(block[1])
        if kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True
        elif kind == "num":
            numbered(paragraph, block[2], block[3])
        elif kind == "bullet":
            numbered(paragraph, "_bullet", 0)
        rtl_paragraph(paragraph)

    section = document.sections[0]
    if doc.get("header"):
        paragraph = section.header.paragraphs[0]
        paragraph.add_run(doc["header"])
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        rtl_paragraph(paragraph)
    if doc.get("footer"):
        paragraph = section.footer.paragraphs[0]
        before, _, after = doc["footer"].partition("{PAGE}")
        paragraph.add_run(before)
        paragraph._p.append(
            parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
        )
        if after:
            paragraph.add_run(after)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        rtl_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return _deterministic_zip(out.getvalue())


# --- PDF ----------------------------------------------------------------------------------------


def _html(doc: dict) -> str:
    parts = []
    for block in doc["blocks"]:
        kind = block[0]
        if kind == "title":
            parts.append(f'<p class="title">{html.escape(block[1])}</p>')
        elif kind == "p":
            parts.append(f"<p>{html.escape(block[1])}</p>")
        elif kind == "table":
            rows = []
            for r, row in enumerate(block[1]["rows"]):
                tag = "th" if r == 0 else "td"
                cells = []
                for value in row:
                    if value is None:
                        continue
                    attrs = ""
                    if isinstance(value, dict) and "span" in value:
                        attrs = f' colspan="{value["span"]}" class="section"'
                    elif isinstance(value, dict) and "down" in value:
                        attrs = f' rowspan="{value["down"]}"'
                    cells.append(f"<{tag}{attrs}>{html.escape(_cell_text(value))}</{tag}>")
                rows.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("<table>" + "".join(rows) + "</table>")
    furniture = ""
    if doc.get("header"):
        furniture += f'@top-center {{ content: "{doc["header"]}"; font-family: Vazirmatn; font-size: 9pt; }}'
    if doc.get("footer"):
        before, _, rest = doc["footer"].partition("{PAGE}")
        middle, _, after = rest.partition("{PAGES}")
        furniture += (
            f'@bottom-center {{ content: "{before}" counter(page, persian) "{middle}" counter(pages, persian) "{after}";'
            " font-family: Vazirmatn; font-size: 9pt; }"
        )
    return f"""<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>
@font-face {{ font-family: Vazirmatn; src: url("{(FONTS / "Vazirmatn-Regular.ttf").as_uri()}"); }}
@font-face {{ font-family: Vazirmatn; font-weight: bold; src: url("{(FONTS / "Vazirmatn-Bold.ttf").as_uri()}"); }}
@page {{ size: A4; margin: 2.5cm 2.2cm; {furniture} }}
body {{ font-family: Vazirmatn; font-size: 12pt; line-height: 1.6; text-align: justify; }}
p {{ margin: 0 0 8pt 0; }}
p.title {{ text-align: center; font-weight: bold; font-size: 14pt; margin-bottom: 12pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 6pt 0 10pt 0; }}
th, td {{ border: 0.8pt solid #000; padding: 3pt 5pt; text-align: right; vertical-align: top; }}
th {{ font-weight: bold; background: #eee; }}
td.section {{ font-weight: bold; }}
</style></head><body>{"".join(parts)}</body></html>"""


_LIGATURE_TO_UNICODE = {"swap": b"<06270644>", "lam": b"<0644>    ", "alef": b"<0627>    "}


def build_pdf_chromium(number: str, doc: dict) -> bytes:
    """Print the same HTML with Debian's chromium (`make chromium`), dates in the PDF fixed."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        page, out = Path(tmp) / "doc.html", Path(tmp) / "doc.pdf"
        page.write_text(_html(doc), encoding="utf-8")
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        pdf = out.read_bytes()
    pdf = re.sub(rb"\(D:\d{14}[^)]*\)", b"(D:20240101080000+00'00')", pdf)
    # The tagged-PDF element ids depend on the DOM's node numbering; renumber them (same length).
    ids: dict[bytes, bytes] = {}
    return re.sub(
        rb"\(node(\d{8})\)", lambda m: b"(node%08d)" % ids.setdefault(m.group(1), len(ids)).__index__(), pdf
    )


def build_pdf(number: str, doc: dict) -> bytes:
    import weasyprint

    if doc.get("producer") == "chromium":
        return build_pdf_chromium(number, doc)

    identifier = hashlib.md5(f"hamafza-minutes-{number}".encode()).hexdigest().encode()
    mapping = doc.get("ligature")
    pdf = weasyprint.HTML(string=_html(doc), base_url=str(HERE)).write_pdf(
        pdf_identifier=identifier, uncompressed_pdf=bool(mapping)
    )
    if mapping:
        # What some producers write in the font's ToUnicode map for the lam-alef ligature glyph.
        pdf, count = re.subn(
            rb"(<[0-9A-Fa-f]{4}> )<06440627>", lambda m: m.group(1) + _LIGATURE_TO_UNICODE[mapping], pdf
        )
        assert count, f"{number}: no lam-alef ligature in the PDF"
    return pdf


# --- expected reader output -----------------------------------------------------------------------


def expected_lines(doc: dict) -> list[str]:
    """The lines `readers.read` must give for a Word or PDF source (furniture left out)."""
    lines: list[str] = []
    counters: dict[str, int] = {}
    for block in doc["blocks"]:
        kind = block[0]
        if kind in ("title", "p"):
            lines.append(block[1])
        elif kind == "lines":
            lines.extend(block[1])
        elif kind == "bullet":
            lines.append("• " + block[1])
        elif kind == "num":
            counters[block[2]] = counters.get(block[2], 0) + 1
            marker = doc["lists"][block[2]][block[3]].replace(
                "%1", str(counters[block[2]]).translate(PERSIAN)
            )
            lines.append(f"{marker} {block[1]}")
        elif kind == "table":
            for row in block[1]["rows"]:
                lines.append("\t".join(_cell_text(value) for value in row))
    return lines


# --- files that must be refused ---------------------------------------------------------------------


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in (
            (
                "[Content_Types].xml",
                b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            ),
            (
                "word/document.xml",
                b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + b" " * (60 * 1024 * 1024)
                + b"</w:body></w:document>",
            ),
        ):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def _ole2_encrypted_package() -> bytes:
    """A compound file as Word writes for a password-protected .docx (EncryptionInfo, EncryptedPackage)."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)  # sector 0 = FAT, sector 1 = directory (end)

    def entry(name: str, kind: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le")
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, 0xFFFFFFFF, right, child)
        struct.pack_into("<II", raw, 116, 0xFFFFFFFE, 0)
        return bytes(raw)

    directory = (
        entry("Root Entry", 5, child=1)
        + entry("EncryptionInfo", 2, right=2)
        + entry("EncryptedPackage", 2)
        + bytes(128)
    )
    return bytes(header) + bytes(fat) + directory


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _encrypted_pdf() -> bytes:
    """A one-page PDF protected by a user password (standard security handler, revision 2)."""
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    user, owner = b"secret", b"owner-secret"
    ident = hashlib.md5(b"hamafza-encrypted").digest()
    o_value = _rc4(hashlib.md5((owner + pad)[:32]).digest()[:5], (user + pad)[:32])
    permissions = -44
    key = hashlib.md5((user + pad)[:32] + o_value + struct.pack("<i", permissions) + ident).digest()[:5]
    u_value = _rc4(key, pad)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + o_value.hex().encode()
        + b"> /U <"
        + u_value.hex().encode()
        + b"> /P "
        + str(permissions).encode()
        + b" >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<{ident.hex()}> <{ident.hex()}>] >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _scanned_pdf() -> bytes:
    """A page that is only a picture of text, as a scanner gives it."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 60, 420, 78), fill=40)
    for row in range(18):
        top = 130 + row * 36
        left = 60 + (row * 37) % 90
        draw.rectangle((left, top, 560, top + 10), fill=70)
    out = io.BytesIO()
    image.save(
        out,
        "PDF",
        resolution=75.0,
        creationDate=FIXED_TIME.timetuple(),
        modDate=FIXED_TIME.timetuple(),
        producer="scanner",
    )
    return out.getvalue()


def build_bad() -> None:
    bad = HERE / "bad"
    bad.mkdir(exist_ok=True)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "corrupt.docx").write_bytes((HERE / "11.docx").read_bytes()[:3000])
    (bad / "zipbomb.docx").write_bytes(_zip_bomb())
    (bad / "encrypted.docx").write_bytes(_ole2_encrypted_package())
    (bad / "encrypted.pdf").write_bytes(_encrypted_pdf())
    (bad / "scanned.pdf").write_bytes(_scanned_pdf())
    (bad / "notapdf.pdf").write_bytes(
        "<!doctype html><html><body><p>صورتجلسه در دسترس نیست</p></body></html>\n".encode()
    )


def main() -> None:
    for number, (encoding, text) in TEXTS.items():
        write_text(number, encoding, text)
    for number, doc in DOCS.items():
        if doc["kind"] == "docx":
            (HERE / f"{number}.docx").write_bytes(build_docx(number, doc))
        else:
            (HERE / f"{number}.pdf").write_bytes(build_pdf(number, doc))
    build_bad()
    print(f"built {len(TEXTS)} text, {len(DOCS)} Word/PDF documents and the bad files in {HERE}")


if __name__ == "__main__":
    main()
