"""What the readers refuse, and the Persian message that tells the person why."""

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 200
# A real .docx has a few dozen members and compresses its XML five to twenty times.
MAX_ZIP_MEMBERS = 1000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 5 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class ReaderError(Exception):
    """A file that cannot be read; `message_fa` is shown to the person, `code` is for programs."""

    def __init__(self, message_fa: str, code: str):
        super().__init__(message_fa)
        self.message_fa = message_fa
        self.code = code


MESSAGES = {
    "empty": "فایل خالی است و متنی برای خواندن ندارد.",
    "too_large": f"حجم فایل بیش از {MAX_BYTES // (1024 * 1024)} مگابایت است؛ فایل کوچک‌تری بارگذاری کنید.",
    "too_many_pages": f"فایل بیش از {MAX_PAGES} صفحه دارد؛ صورتجلسه را جداگانه بارگذاری کنید.",
    "zip_bomb": "ساختار این فایل Word مشکوک است (حجم بازشدهٔ آن غیرعادی است) و برای ایمنی باز نشد.",
    "encrypted_docx": "فایل Word با گذرواژه رمزگذاری شده است؛ گذرواژه را بردارید و دوباره بارگذاری کنید.",
    "legacy_doc": "قالب قدیمی Word (‎.doc‎) خوانده نمی‌شود؛ فایل را در Word با قالب ‎.docx‎ ذخیره کنید و دوباره بارگذاری کنید.",
    "corrupt_docx": "فایل Word خراب است یا قالب ‎.docx‎ ندارد و خوانده نشد.",
    "corrupt_pdf": "فایل PDF خراب است یا در واقع PDF نیست و خوانده نشد.",
    "encrypted_pdf": "فایل PDF با گذرواژه رمزگذاری شده است؛ نسخهٔ بدون گذرواژه را بارگذاری کنید.",
    "scanned_pdf": (
        "این PDF یک سند اسکن‌شده است (فقط تصویر دارد و لایهٔ متنی ندارد)، بنابراین متن آن خوانده نشد؛"
        " فایل Word یا PDF متنی صورتجلسه را بارگذاری کنید یا متن را در کادر بچسبانید."
    ),
    "no_text": "در این فایل هیچ متنی پیدا نشد.",
    "binary_text": "این فایل متن نیست؛ فقط فایل متنی (‎.txt‎)، Word (‎.docx‎) یا PDF پذیرفته می‌شود.",
    "unsupported": "قالب این فایل پشتیبانی نمی‌شود؛ فقط فایل متنی (‎.txt‎)، Word (‎.docx‎) یا PDF پذیرفته می‌شود.",
}


def fail(code: str) -> ReaderError:
    return ReaderError(MESSAGES[code], code)
