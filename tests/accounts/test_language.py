def test_an_english_browser_still_gets_persian_until_it_switches(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fa" dir="rtl">' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert '<html lang="en" dir="ltr">' in client.get("/accounts/login/").content.decode()
