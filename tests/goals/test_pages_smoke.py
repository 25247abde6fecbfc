from django.urls import reverse


def test_pages_render(
    world, client_for, national_owner, tehran_officer, reviewer, national_programme, tehran_programme
):
    urls = [
        reverse("goals:programmes"),
        reverse("goals:programme", args=[national_programme.pk]),
        reverse("goals:programme", args=[tehran_programme.pk]),
        reverse("goals:side_by_side", args=[national_programme.pk]),
        reverse("goals:scorecard", args=[national_programme.pk]),
        reverse("goals:scorecard", args=[national_programme.pk]) + "?format=xlsx",
        reverse("goals:review", args=[world["goal"].pk]),
        reverse("goals:report", args=[world["report"].pk]),
        reverse("goals:programme_package", args=[tehran_programme.pk, "pdf"]),
        reverse("goals:programme_package", args=[tehran_programme.pk, "xlsx"]),
        "/api/goals/programmes/",
        f"/api/goals/programmes/{national_programme.pk}/",
        f"/api/goals/programmes/{national_programme.pk}/adoptions/",
        "/api/goals/reports/",
        "/api/goals/reviews/",
    ]
    for user in (national_owner, tehran_officer, reviewer):
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (user, url, response.content[:3000])
    client = client_for(tehran_officer)
    for url in [
        reverse("goals:programme_create"),
        reverse("goals:report_create", args=[world["measure"].pk]),
    ]:
        assert client.get(url).status_code == 200, url
