from django.urls import reverse


def test_secretariat_sees_body_dashboard(client_for, secretary, resolution, body):
    response = client_for(secretary).get(reverse("meetings:body", args=[body.pk]))
    assert response.status_code == 200
    assert body.name in response.content.decode()


def test_outsider_gets_404_on_resolution(client_for, outsider, resolution):
    response = client_for(outsider).get(reverse("meetings:resolution", args=[resolution.pk]))
    assert response.status_code == 404
