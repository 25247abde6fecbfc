from django.urls import reverse


def test_directory_search_ignores_spelling_variants(client_for, officer, welfare, education):
    client = client_for(officer)
    for typed in ["بهزيستي", "بهزیستی", "اداره كل بهزيستي"]:
        page = client.get(reverse("orgs:list"), {"q": typed}).content.decode()
        assert welfare.name in page
        assert education.name not in page


def test_directory_filters_by_kind(client_for, officer, welfare, outsider_org):
    page = client_for(officer).get(reverse("orgs:list"), {"kind": "charity"}).content.decode()
    assert outsider_org.name in page
    assert welfare.name not in page


def test_directory_needs_login(client, welfare):
    response = client.get(reverse("orgs:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
