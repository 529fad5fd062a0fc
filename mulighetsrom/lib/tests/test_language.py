from django.test import TestCase


class LanguageTestCase(TestCase):
    def test_it_speaks_bokmal_even_to_an_english_browser(self) -> None:
        r = self.client.get("/accessibility/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(r, 'lang="nb"')
        self.assertContains(r, "Tilgjengelighetserklæring")
        self.assertEqual(r["Content-Language"], "nb")

    def test_it_switches_with_the_language_button(self) -> None:
        r = self.client.post("/i18n/setlang/", {"language": "en", "next": "/accessibility/"})
        self.assertRedirects(r, "/accessibility/", fetch_redirect_response=False)
        r = self.client.get("/accessibility/")
        self.assertContains(r, 'lang="en"')
        self.assertContains(r, "Accessibility statement")

    def test_it_ignores_an_unknown_language_cookie(self) -> None:
        self.client.cookies["django_language"] = "xx"
        self.assertContains(self.client.get("/accessibility/"), 'lang="nb"')
