"""Rate limits per address (issue 12, review finding: with a fresh cookie each time, 30 of 30 public offers
went through in 14 s). The counters live in the cache, so that every web process shares them; a visitor
over the limit gets a Persian 429 page, an API client a JSON 429, both with Retry-After."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from hamafza.participation.models import Pledge
from tests.participation.test_public import _offer

pytestmark = pytest.mark.django_db


def _fresh_visitor_offers(need, count, address, settings):
    """`count` offers, each from a new browser (no cookie kept) and with another mobile."""
    statuses = []
    for index in range(count):
        response = Client().post(
            reverse("participation:public_offer", args=[need.pk]),
            _offer(mobile=f"0935111{index:04d}"),
            REMOTE_ADDR=address,
        )
        statuses.append(response.status_code)
    return statuses, response


def test_public_offers_are_limited_per_address_across_fresh_sessions(approved_need, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_offer": (5, 3600)}
    statuses, last = _fresh_visitor_offers(approved_need, 8, "203.0.113.7", settings)
    assert statuses == [302] * 5 + [429] * 3
    assert Pledge.objects.filter(need=approved_need).count() == 5
    assert int(last["Retry-After"]) > 0
    html = last.content.decode()
    assert "درخواست‌های زیادی از نشانی شما رسیده است" in html
    assert 'lang="fa"' in html
    # Another address is not held back by the first one's count.
    statuses, _ = _fresh_visitor_offers(approved_need, 1, "198.51.100.4", settings)
    assert statuses == [302]


def test_the_count_is_kept_in_the_cache_shared_by_the_processes(approved_need, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_offer": (2, 3600)}
    _fresh_visitor_offers(approved_need, 2, "203.0.113.8", settings)
    assert [key for key in cache._cache if "ratelimit:public-offer:203.0.113.8" in key]  # local memory
    statuses, _ = _fresh_visitor_offers(approved_need, 1, "203.0.113.8", settings)
    assert statuses == [429]


def test_behind_nginx_the_address_comes_from_the_header_it_sets(approved_need, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_offer": (1, 3600)}
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]
    url = reverse("participation:public_offer", args=[approved_need.pk])
    first = Client().post(
        url, _offer(mobile="09351110001"), REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9"
    )
    second = Client().post(
        url, _offer(mobile="09351110002"), REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.10"
    )
    third = Client().post(
        url, _offer(mobile="09351110003"), REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9"
    )
    assert [first.status_code, second.status_code, third.status_code] == [302, 302, 429]


def test_the_api_token_endpoint_is_limited_per_address(officer, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": (3, 60)}
    statuses = []
    for index in range(5):
        response = Client().post(
            "/api/token/", {"username": f"nobody{index}", "password": "x"}, REMOTE_ADDR="203.0.113.20"
        )
        statuses.append(response.status_code)
    assert statuses == [400, 400, 400, 429, 429]
    assert response.json() == {
        "detail": "درخواست‌های زیادی از نشانی شما رسیده است؛ چند دقیقه دیگر دوباره بکوشید."
    }
    assert int(response["Retry-After"]) > 0
