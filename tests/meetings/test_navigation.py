"""Issue 10, defect 15: the English API page is for developers, linked from the footer, not the main menu."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_api_page_is_linked_from_the_footer_not_the_main_menu(client_for, officer):
    page = client_for(officer).get(reverse("meetings:bodies")).content.decode()
    menu = page.split('class="mainnav"')[1].split("</nav>")[0]
    footer = page.split('<footer class="foot">')[1].split("</footer>")[0]
    assert reverse("api-docs") not in menu
    assert f'href="{reverse("api-docs")}"' in footer and "API برای برنامه‌نویسان" in footer


def test_a_visitor_is_not_offered_the_api(client):
    page = client.get(reverse("participation:public")).content.decode()
    assert reverse("api-docs") not in page
