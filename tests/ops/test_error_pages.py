"""Issue 10, defects 8 and 10: Persian error pages with DEBUG off, never a bare English or debug page."""

import pytest
from django.template import Context, Template
from django.test import Client

from hamafza.accounts.models import User

pytestmark = pytest.mark.django_db

HOME_LINK = 'href="/"'


@pytest.fixture
def failing(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.ops.error_urls"


def _page(response) -> str:
    text = response.content.decode()
    assert 'dir="rtl"' in text
    assert "Vazirmatn" in text
    assert HOME_LINK in text
    assert "Traceback" not in text and "DEBUG = True" not in text
    return text


def test_permission_denied_gives_the_persian_403_page(failing, client_for, officer):
    response = client_for(officer).get("/failing/403/")
    assert response.status_code == 403
    assert "شما اجازهٔ دیدن این صفحه را ندارید" in _page(response)
    assert "403 Forbidden" not in response.content.decode()


def test_the_follow_up_report_refused_to_an_officer_is_the_persian_page(failing, client_for, officer, body):
    response = client_for(officer).get(f"/reports/bodies/{body.pk}/followup/")
    assert response.status_code == 403
    assert "شما اجازهٔ دیدن این صفحه را ندارید" in _page(response)


def test_http404_and_an_unknown_address_give_the_persian_404_page(failing, client_for, officer):
    client = client_for(officer)
    for url in ("/failing/404/", "/no/such/page/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "صفحه پیدا نشد" in _page(response)


def test_a_suspicious_request_gives_the_persian_400_page(failing, client_for, officer):
    response = client_for(officer).get("/failing/400/")
    assert response.status_code == 400
    assert "درخواست قابل فهم نبود" in _page(response)


def test_a_server_error_gives_the_persian_500_page(failing, officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.get("/failing/500/")
    assert response.status_code == 500
    assert "خطایی در سرور رخ داد" in _page(response)


def test_a_body_over_the_limit_gives_a_persian_413_page_with_the_limit(
    failing, client_for, secretary, resolution
):
    """Defect 10: a 6 MB note was answered by Django's English «RequestDataTooBig» page."""
    response = client_for(secretary).post(
        f"/resolutions/{resolution.pk}/edit/", {"text": "ا" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 413
    text = _page(response)
    assert "آنچه فرستادید بزرگ‌تر از حد مجاز است" in text
    assert "۵ مگابایت" in text
    assert "RequestDataTooBig" not in text
    # The way back to the form is a button site.js wires up: a javascript: link is blocked by the CSP.
    html = response.content.decode()
    assert "data-history-back" in html and "javascript:" not in html


def test_pages_carry_the_limits_the_browser_checks(client_for, secretary, body, settings):
    response = client_for(secretary).get(f"/bodies/{body.pk}/")
    assert f'data-max-text-bytes="{settings.DATA_UPLOAD_MAX_MEMORY_SIZE}"' in response.content.decode()
    assert "hamafza/form-limits.js" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "offered"),
    [
        ("admin", True),
        ("secretary", True),
        ("viewer", True),
        ("officer", False),
        ("other_officer", False),
    ],
)
def test_the_follow_up_report_is_offered_only_to_whom_may_open_it(request, client_for, body, who, offered):
    """Defect 8: a member agency's officer was shown «گزارش پیگیری», which led to a 403."""
    client = client_for(request.getfixturevalue(who))
    page = client.get(f"/bodies/{body.pk}/")
    assert page.status_code == 200
    report_url = f"/reports/bodies/{body.pk}/followup/"
    assert (report_url in page.content.decode()) is offered
    assert client.get(report_url).status_code == (200 if offered else 403)


def test_a_breadcrumb_links_to_a_body_only_for_whom_may_open_it(body, secretary, officer, outsider, admin):
    """Defect 8: a donor's breadcrumb (on a page that names a body it cannot open) led to a 404."""
    template = Template("{% if body|readable_by:user %}link{% else %}text{% endif %}")
    seen = {
        user.username: template.render(Context({"body": body, "user": user}))
        for user in (admin, secretary, officer, outsider, User.objects.create_user("donor"))
    }
    assert seen == {
        "admin": "link",
        "secretary": "link",
        "officer": "link",
        "outsider": "text",
        "donor": "text",
    }
