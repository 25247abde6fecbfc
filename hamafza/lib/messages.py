"""Flash messages in the page's language: on a Persian page every number a message carries is shown in
Persian digits («مصوبه ۱ ثبت شد», «۴۵٪»), whichever view formatted it (settings.MESSAGE_STORAGE)."""

from django.contrib.messages.storage.fallback import FallbackStorage
from django.utils.safestring import SafeData
from django.utils.translation import get_language

from hamafza.lib.persian import persian_digits_in_prose


def localise(message):
    """A message's text with its numbers in the active language's digits (markup is left alone)."""
    if isinstance(message, SafeData) or not (get_language() or "fa").startswith("fa"):
        return message
    return persian_digits_in_prose(str(message))


class PersianDigitsStorage(FallbackStorage):
    def add(self, level, message, extra_tags=""):
        super().add(level, localise(message), extra_tags)
