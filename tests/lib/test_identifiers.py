import pytest

from hamafza.lib.identifiers import (
    InvalidIdentifier,
    clean_legal_id,
    clean_mobile,
    clean_national_id,
    clean_postal_code,
)


def national_id(first_nine: str) -> str:
    """A valid national ID for nine digits, computed by hand from the rule."""
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return first_nine + str(remainder if remainder < 2 else 11 - remainder)


def test_national_ids_with_their_check_digit():
    # 001234567: 0*10+0*9+1*8+2*7+3*6+4*5+5*4+6*3+7*2 = 112; 112 % 11 = 2 → check 9
    assert clean_national_id("0012345679") == "0012345679"
    assert clean_national_id("۰۰۱۲۳۴۵۶۷۹") == "0012345679"
    assert clean_national_id("001-234567-9") == "0012345679"
    assert clean_national_id("12345679") == "0012345679"  # leading zeros lost in Excel
    assert clean_national_id(national_id("492157863")) == national_id("492157863")
    with pytest.raises(InvalidIdentifier) as wrong:
        clean_national_id("0012345678")
    assert wrong.value.code == "checksum"
    for bad in ["1111111111", "12345", "abcdefghij", ""]:
        with pytest.raises(InvalidIdentifier):
            clean_national_id(bad)


def test_legal_entity_ids():
    # 1010012345?: tenth digit 5 → shift 7; Σ (d+7)·w over the first ten = 8·29+7·27+8·23+7·19+7·17
    # +8·29+9·27+10·23+11·19+12·17 = 1975; 1975 % 11 = 6
    assert clean_legal_id("10100123456") == "10100123456"
    assert clean_legal_id("۱۰۱۰۰۱۲۳۴۵۶") == "10100123456"
    with pytest.raises(InvalidIdentifier) as wrong:
        clean_legal_id("10100123450")
    assert wrong.value.code == "checksum"
    with pytest.raises(InvalidIdentifier):
        clean_legal_id("1010012345")


def test_mobiles_in_every_common_form():
    for typed in [
        "09121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "+989121234567",
        "00989121234567",
        "9121234567",
        "0912 123 4567",
    ]:
        assert clean_mobile(typed) == "09121234567"
    for bad in ["02112345678", "0912123456", "+44 7911 123456"]:
        with pytest.raises(InvalidIdentifier):
            clean_mobile(bad)


def test_postal_codes():
    assert clean_postal_code("۱۳۸۱۷۴۵۳۶۱") == "1381745361"
    assert clean_postal_code("13817-45361") == "1381745361"
    for bad in ["1201745361", "1111145361", "138174536", "1381545361"]:
        with pytest.raises(InvalidIdentifier):
            clean_postal_code(bad)
