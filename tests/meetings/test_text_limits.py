"""Issue 10, defect 4: every free-text field has a bound, and more than it is refused with a clear
Persian message that keeps what was typed (a 225,000-character resolution once held a server worker
for twenty minutes while the report was drawn)."""

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse

import hamafza
from hamafza.lib import limits
from hamafza.meetings.models import Resolution

# Text the system writes, never typed into a form: the notification's body, the text read off an upload.
SYSTEM_TEXT = {("accounts", "notification", "body"), ("meetings", "minutesimport", "source_text")}


def _form_classes():
    for module_info in pkgutil.walk_packages(hamafza.__path__, "hamafza."):
        if ".forms" not in module_info.name and not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_text_field_of_every_form_has_a_bound():
    unbounded = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert unbounded == []


def test_every_free_text_column_has_a_bound():
    unbounded = [
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("hamafza.")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and field.editable
        and field.max_length is None
        and (model._meta.app_label, model._meta.model_name, field.name) not in SYSTEM_TEXT
    ]
    assert unbounded == []


def _post_resolution(client, meeting, lead, text):
    return client.post(
        reverse("meetings:resolution_create", args=[meeting.pk]),
        {
            "number": "9",
            "text": text,
            "lead": lead.pk,
            "recurrence": "continuous",
            "deadline": "",
            "interval_unit": "month",
        },
    )


def test_a_resolution_over_the_limit_is_refused_in_persian_and_kept(
    client_for, secretary, meeting, education
):
    text = "ساماندهی " * (limits.LONG_TEXT // 9 + 1)
    assert len(text) > limits.LONG_TEXT
    response = _post_resolution(client_for(secretary), meeting, education, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "حداکثر ۲۰٬۰۰۰ نویسه" in page
    assert (
        f"{len(text.strip()):,}".replace(",", "٬").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        in page
    )
    assert text.strip() in page, "what was typed is shown again, not lost"
    assert 'maxlength="' not in page.split('name="text"')[0].rsplit("<textarea", 1)[-1]
    assert not Resolution.objects.filter(number="9").exists()


def test_a_long_real_resolution_is_accepted(client_for, secretary, meeting, education, today):
    line = "بند " + " ".join(["پیشگیری از آسیب‌های اجتماعی در محلات هدف."] * 40)
    text = "\n".join([line] * 20)[: limits.LONG_TEXT].strip()
    assert len(text) > 10_000
    response = _post_resolution(client_for(secretary), meeting, education, text)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Resolution.objects.get(number="9").text == text


@pytest.mark.parametrize("length, status", [(limits.LONG_TEXT, 201), (limits.LONG_TEXT + 1, 400)])
def test_the_api_has_the_same_bound(client_for, secretary, meeting, education, today, length, status):
    response = client_for(secretary).post(
        reverse("api:resolution-list"),
        {
            "meeting": meeting.pk,
            "number": "2",
            "text": "ب" * length,
            "assignments": [
                {"organization": education.pk, "deadline": (today + dt.timedelta(days=30)).isoformat()}
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == status, response.content[:500]
