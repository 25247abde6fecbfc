"""`tidy`: text a person wrote is stored as typed (issue 10, defect 9); `search_key` still folds it."""

from hamafza.lib.persian import search_key, tidy


def test_tidy_keeps_letters_harakat_and_fractions():
    typed = "لطفاً خیّرین ½ «کمیته‌ امداد» ي ك"
    assert tidy(typed) == typed


def test_tidy_drops_bidi_controls_and_outer_blanks():
    assert tidy(" \u200f\u202bسلام\u202c\u2069 \n") == "سلام"


def test_search_key_still_folds():
    assert search_key("لطفاً خیّرین") == search_key("لطفا خیرین")
