"""Issue 10, defect 12: numbers shown in Persian digits wherever the system writes them — flash messages,
Django's validation messages, the values of number boxes, the choices of a select — and Leaflet's zoom
buttons and the password rules in Persian."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from hamafza.lib.forms import PersianDecimalField, PersianDigitsInput, PersianIntegerField, number_label
from hamafza.lib.persian import persian_digits_in_prose
from hamafza.meetings.models import Resolution
from hamafza.participation.forms.achievements import AchievementReviewForm


def test_prose_takes_persian_digits_but_leaves_addresses_and_codes():
    assert persian_digits_in_prose("مصوبه 12 ثبت شد") == "مصوبه ۱۲ ثبت شد"
    assert persian_digits_in_prose("پیشرفت 45% شد") == "پیشرفت ۴۵٪ شد"
    assert (
        persian_digits_in_prose("a1@x.ir و https://x.ir/5 و کد T21-14")
        == "a1@x.ir و https://x.ir/5 و کد T21-14"
    )


def test_the_flash_message_of_a_new_resolution_has_persian_digits(client_for, secretary, meeting, education):
    response = client_for(secretary).post(
        reverse("meetings:resolution_create", args=[meeting.pk]),
        {
            "number": "17",
            "text": "متن مصوبه",
            "lead": education.pk,
            "recurrence": "continuous",
            "deadline": "",
            "interval_unit": "month",
        },
        follow=True,
    )
    assert Resolution.objects.filter(meeting=meeting, number="17").exists()
    flash = response.content.decode().split('class="flash')[1].split("</div>")[0]
    assert "۱۷" in flash and "17" not in flash


class _Form(forms.Form):
    title = forms.CharField(max_length=5)
    count = PersianIntegerField(min_value=3)
    quantity = PersianDecimalField(max_digits=6, decimal_places=2)
    code = forms.CharField(widget=PersianDigitsInput())
    score = forms.ChoiceField(choices=[(n, number_label(n)) for n in range(1, 4)])


def test_validation_messages_values_and_choices_are_in_persian_digits():
    with translation.override("fa"):
        bound = _Form(
            {"title": "۱۲۳۴۵۶۷", "count": "۲", "quantity": "۱٫۵", "code": "09121234567", "score": "1"}
        )
        assert not bound.is_valid()
        html = str(bound["title"].errors) + str(bound["count"].errors)
        assert "۵" in html and "۳" in html
        assert not any(digit in html for digit in "0123456789"), html
        unbound = _Form(initial={"count": 12, "quantity": 2.5, "code": "09121234567"})
        assert 'value="۱۲"' in str(unbound["count"])
        assert 'value="۲٫۵"' in str(unbound["quantity"])
        assert 'value="۰۹۱۲۱۲۳۴۵۶۷"' in str(unbound["code"])
        assert ">۲</option>" in str(unbound["score"])
        assert ">۳</option>" in str(AchievementReviewForm()["score"]).replace('"3"', "")
        assert bound.cleaned_data["quantity"] == 1.5 and bound.cleaned_data["code"] == "09121234567"
    with translation.override("en"):
        assert 'value="12"' in str(_Form(initial={"count": 12})["count"])


@pytest.mark.django_db
def test_the_password_rules_are_in_persian_digits(client_for, secretary):
    page = client_for(secretary).get(reverse("accounts:password")).content.decode()
    rules = page.split('class="helptext"')[1].split("</div>")[0]
    assert "۱۰" in rules and "10" not in rules  # PASSWORD_MIN_LENGTH


def test_a_download_is_named_in_persian_digits_with_an_ascii_name_beside():
    from urllib.parse import unquote

    from hamafza.lib.downloads import attachment

    with translation.override("fa"):
        disposition = attachment("جمعیت پایه-1405.xlsx", "denominators-1405.xlsx")
    assert disposition.startswith('attachment; filename="denominators-1405.xlsx"; ')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "جمعیت پایه-۱۴۰۵.xlsx"
