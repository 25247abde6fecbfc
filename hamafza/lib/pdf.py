"""PDFs whose Persian text copies out as it was written.

A PDF draws a right-to-left line's glyphs in visual order (left to right on the page), and a reader that
copies or extracts the text (a PDF viewer, pdfplumber, a search engine) reads the glyphs in that order
and reverses each right-to-left run back to logical order. Each glyph names the characters it draws in
the font's ToUnicode map. WeasyPrint writes there, for a glyph that draws several characters, those
characters in logical order: the lam-alef ligature, one glyph for «لا», maps to «ل ا». Reversed with
the rest of the run, it comes out «ال»: «محلات» is copied as «محالت», «لازم» as «الزم».

`copyable_text` is a WeasyPrint finisher (the documented hook run on the PDF before it is written) that
turns every such right-to-left many-character entry of every ToUnicode map into visual order, as the
glyph itself stands in the run, so that a reader's reversal gives back the logical text. Single
characters, left-to-right clusters and digits are left as they are.
"""

import atexit
import re
import unicodedata

import pydyf

_ENTRY = re.compile(rb"^(<[0-9a-fA-F]+>\s*)<([0-9a-fA-F]+)>$")
_RTL = {"R", "AL"}


def _visual(hex_text: bytes) -> bytes:
    """The UTF-16BE code units of an entry, right-to-left text reversed (a BMP-only map, as WeasyPrint
    writes it for Persian; anything with a surrogate pair is left alone)."""
    units = [hex_text[i : i + 4] for i in range(0, len(hex_text), 4)]
    if len(units) < 2 or len(hex_text) % 4:
        return hex_text
    chars = [chr(int(unit, 16)) for unit in units]
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in chars):
        return hex_text
    if not any(unicodedata.bidirectional(ch) in _RTL for ch in chars):
        return hex_text
    return b"".join(reversed(units))


def _fix_cmap(stream: pydyf.Stream) -> None:
    lines = stream.stream
    if not any(isinstance(line, bytes) and line == b"begincmap" for line in lines):
        return
    for index, line in enumerate(lines):
        if not isinstance(line, bytes):
            continue
        match = _ENTRY.match(line)
        if match:
            lines[index] = match.group(1) + b"<" + _visual(match.group(2)) + b">"


def copyable_text(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: the ToUnicode maps' right-to-left ligatures in visual order (see above)."""
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream):
            _fix_cmap(obj)


# --- Long documents rendered in parts, in parallel -------------------------------------------------
#
# WeasyPrint lays a document out in one thread: a report of 200 resolutions (about 100 pages) spends
# nine seconds there. A long report is therefore cut into parts (each a whole HTML document), the parts
# are laid out at once in worker processes, and their PDFs are joined. Page numbers («صفحه ۳ از ۸۷»)
# cannot be laid out by the parts, which do not know how many pages come before or after them: the
# parts leave that margin box empty, and a document of empty pages that carries only the numbers, laid
# out once the total is known (a fraction of a second), is stamped over the joined pages.
#
# The workers come from a "forkserver": a clean process that has imported WeasyPrint and nothing of
# Django, so that no database connection or open file of the server process is inherited by them.
# Nothing here imports Django: the workers run only `render_document`.

_pool = None
_pool_size = 0
_registered = False


def _shutdown() -> None:
    """At exit, the workers are stopped before the interpreter is taken apart (else they complain)."""
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)


class RefusedURL(ValueError):
    """WeasyPrint asked for something other than a local font file."""


def fetch_local_font(font_dir: str, url: str, timeout: int = 10, ssl_context=None):
    """A WeasyPrint url_fetcher (bound to `font_dir` with functools.partial) that opens only the font
    files under `font_dir` and refuses every other URL."""
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    import weasyprint

    parsed = urlparse(url)
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path)).resolve()
        if path.is_relative_to(Path(font_dir).resolve()) and path.is_file():
            return weasyprint.default_url_fetcher(path.as_uri(), timeout=timeout, ssl_context=ssl_context)
    raise RefusedURL(f"a PDF may load only the local fonts under {font_dir}, not {url}")


def render_document(html: str, font_dir: str) -> bytes:
    """One HTML document as PDF bytes, fonts only from `font_dir`, text copyable (run in a worker)."""
    import functools
    from pathlib import Path

    import weasyprint

    document = weasyprint.HTML(
        string=html,
        base_url=Path(font_dir).resolve().as_uri() + "/",
        url_fetcher=functools.partial(fetch_local_font, font_dir),
    )
    return document.write_pdf(finisher=copyable_text)


def _executor(workers: int):
    """The shared pool of `workers` processes, made on first use (and again if its size changes)."""
    global _pool, _pool_size, _registered
    if _pool is None or _pool_size != workers:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if _pool is not None:
            _pool.shutdown(wait=False)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["weasyprint", "hamafza.lib.pdf"])
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        _pool_size = workers
        if not _registered:
            atexit.register(_shutdown)
            _registered = True
    return _pool


def render_parts(htmls: list[str], font_dir: str, workers: int) -> list[bytes]:
    """Each HTML document as PDF bytes, in order, laid out by up to `workers` processes at once. With
    one worker (or one document) everything is rendered here, in this process."""
    if workers <= 1 or len(htmls) <= 1:
        return [render_document(html, font_dir) for html in htmls]
    from concurrent.futures.process import BrokenProcessPool

    try:
        return list(_executor(workers).map(render_document, htmls, [font_dir] * len(htmls)))
    except BrokenProcessPool:  # a worker died (killed, out of memory): once more, here
        global _pool
        _pool = None
        return [render_document(html, font_dir) for html in htmls]


def join_numbered(parts: list[bytes], numbers_html, font_dir: str) -> bytes:
    """The parts' pages joined in order, each stamped with the page of `numbers_html(total)`: a document
    of `total` empty pages that carries only what the parts left out (the page numbers)."""
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    for part in parts:
        writer.append(pypdf.PdfReader(io.BytesIO(part)))
    total = len(writer.pages)
    numbers = pypdf.PdfReader(io.BytesIO(render_document(numbers_html(total), font_dir)))
    for page, stamp in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(stamp)
        page.compress_content_streams()  # merging leaves the page's drawing uncompressed
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
