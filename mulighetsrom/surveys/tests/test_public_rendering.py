from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import translation

from mulighetsrom.surveys import actions, rendering
from mulighetsrom.surveys.forms import DONT_KNOW, AnswerForm
from mulighetsrom.surveys.models import Answer, Question
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase


class RenderFieldsTestCase(BaseTestCase):
    """The fast renderer writes the same HTML as Django's templates, field by field."""

    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.q_group, self.q_scale, self.q_text = list(self.survey.questions.all())

        def add(kind: str, text: str, choices: list[str] = [], **fields: Any) -> Question:  # noqa: B006
            return actions.save_question(
                question=Question(survey=self.survey, kind=kind, text=text, **fields),
                choices=choices,
                choices_nn=[f"{c} (nn)" for c in choices],
                acting_user=self.kari,
            )

        self.q_multiple = add(
            Question.Kind.MULTIPLE,
            "Hva bruker du <mest> & oftest?",
            ["Kafé", 'Bibliotek "nytt"', "Basseng"],
            help_text="Velg alle som passer.",
            help_text_en="Pick all that apply.",
            text_en="What do you use?",
        )
        self.q_prioritise = add(
            Question.Kind.PRIORITISE, "Hva er viktigst?", ["Lys", "Luft", "Ro", "Hage"], max_picks=2
        )
        self.q_yes_no = add(Question.Kind.YES_NO, "Bor du her?", required=True, help_text="Ja eller nei.")
        self.q_no_dk = add(Question.Kind.SCALE, "Hvor fornøyd?", allow_dont_know=False, high_label="Svært <fornøyd>")
        self.q_help_text = add(Question.Kind.TEXT, "Noe mer?", help_text="Ikke skriv navn.")
        self.questions = [q for page in actions.pages(self.survey) for q in page]

    def assert_same(self, form: AnswerForm) -> None:
        rendered = 0
        for bound in form:
            with self.subTest(field=bound.name, kind=type(bound.field.widget).__name__):
                fast = rendering.render_field(bound)
                self.assertHTMLEqual(fast, str(bound.as_field_group()))
                rendered += 1
        self.assertEqual(rendered, len(self.questions))

    def test_it_writes_the_same_html_as_django_for_empty_forms(self) -> None:
        for lang in ("nb", "nn", "en"):
            with translation.override(lang), self.subTest(lang=lang):
                self.assert_same(AnswerForm(questions=self.questions, language=lang))

    def test_it_writes_the_same_html_for_saved_answers(self) -> None:
        choice = self.q_multiple.choices.all()[1]
        initial = {
            f"q{self.q_group.pk}": str(self.q_group.choices.first().pk),
            f"q{self.q_scale.pk}": DONT_KNOW,
            f"q{self.q_text.pk}": 'Mer lys <script>alert("x")</script> & hage',
            f"q{self.q_multiple.pk}": [str(choice.pk)],
            f"q{self.q_yes_no.pk}": "no",
        }
        with translation.override("nb"):
            form = AnswerForm(initial=initial, questions=self.questions, language="nb")
            self.assert_same(form)
            html = rendering.render_fields(form)
        self.assertIn(f'value="{choice.pk}" id="id_q{self.q_multiple.pk}_1" checked', html)
        self.assertIn("Mer lys &lt;script&gt;", html)

    def test_it_writes_the_same_html_for_errors(self) -> None:
        picks = [str(c.pk) for c in self.q_prioritise.choices.all()[:3]]
        data: dict[str, Any] = {
            f"q{self.q_scale.pk}": "9",  # not a choice
            f"q{self.q_text.pk}": "x" * 2001,  # too long
            f"q{self.q_prioritise.pk}": picks,  # more than max_picks
            f"q{self.q_multiple.pk}": [str(self.q_multiple.choices.first().pk)],
            f"q{self.q_no_dk.pk}": "3",
        }
        for lang in ("nb", "en"):
            with translation.override(lang), self.subTest(lang=lang):
                form = AnswerForm(data, questions=self.questions, language=lang)
                self.assertFalse(form.is_valid())
                self.assertIn(f"q{self.q_group.pk}", form.errors)  # required, missing
                self.assertIn(f"q{self.q_yes_no.pk}", form.errors)
                self.assertIn(f"q{self.q_prioritise.pk}", form.errors)
                self.assert_same(form)
                html = rendering.render_fields(form)
                self.assertIn(f'aria-describedby="id_q{self.q_yes_no.pk}_helptext id_q{self.q_yes_no.pk}_error"', html)
                self.assertIn('aria-invalid="true"', html)

    def test_it_writes_the_checked_state_of_a_posted_page(self) -> None:
        data = {f"q{self.q_scale.pk}": "4", f"q{self.q_yes_no.pk}": "yes"}
        with translation.override("en"):
            form = AnswerForm(data, questions=self.questions, language="en")
            form.is_valid()
            self.assert_same(form)
            html = rendering.render_fields(form)
        self.assertIn(f'value="4" id="id_q{self.q_scale.pk}_3" checked', html)
        self.assertIn(f'value="yes" id="id_q{self.q_yes_no.pk}_0" required checked', html)

    def test_it_leaves_fields_it_does_not_know_to_django(self) -> None:
        class Other(forms.Form):
            name = forms.CharField(label="Name")
            pick = forms.ChoiceField(choices=[("a", "A")], widget=forms.Select)
            radio = forms.ChoiceField(choices=[("Group", [("a", "A")])], widget=forms.RadioSelect)

        class MyRadio(forms.RadioSelect):
            pass

        form = Other()
        form.fields["sub"] = forms.ChoiceField(choices=[("a", "A")], widget=MyRadio)
        for bound in form:
            with mock_field_group(bound) as calls:
                rendering.render_field(bound)
            self.assertEqual(calls, [bound.name])

    def test_a_ranked_question_is_rendered_by_django(self) -> None:
        ranked = Question(survey=self.survey, kind=Question.Kind.PRIORITISE, text="Ranger", ranked=True, max_picks=2)
        ranked = actions.save_question(question=ranked, choices=["Lys", "Luft", "Ro"], acting_user=self.kari)
        with translation.override("nb"):
            form = AnswerForm(questions=[ranked], language="nb")
            bound = form[f"q{ranked.pk}"]
            with mock_field_group(bound) as calls:
                html = rendering.render_field(bound)
        self.assertEqual(calls, [bound.name])
        self.assertIn("<select", html)

    def test_it_renders_a_whole_page_like_the_template_loop(self) -> None:
        with translation.override("nb"):
            form = AnswerForm(questions=self.questions, language="nb")
            self.assertHTMLEqual(rendering.render_fields(form), "".join(str(bound.as_field_group()) for bound in form))


class mock_field_group:
    """Records which bound fields were rendered by Django's as_field_group."""

    def __init__(self, bound: forms.BoundField) -> None:
        self.bound = bound
        self.calls: list[str] = []

    def __enter__(self) -> list[str]:
        original = self.bound.as_field_group

        def record() -> Any:
            self.calls.append(self.bound.name)
            return original()

        self.bound.as_field_group = record
        return self.calls

    def __exit__(self, *exc: object) -> None:
        del self.bound.as_field_group


class RenderPageTestCase(BaseTestCase):
    """Pages kept per process: each respondent gets their own values, and edits show at once."""

    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.q_group = self.survey.questions.all()[0]

    def start(self) -> tuple[str, str]:
        r = self.client.get(f"/s/{self.survey.token}/?lang=nb")
        key = re.search(r'name="key" value="([^"]+)"', r.content.decode())
        assert key
        r = self.client.post(f"/s/{self.survey.token}/start/?lang=nb", {"key": key.group(1)})
        page = r["Location"].split("?")[0]
        html = self.client.get(f"{page}?lang=nb").content.decode()
        return page, html

    def test_each_respondent_gets_their_own_address_and_signature(self) -> None:
        page_a, html_a = self.start()
        page_b, html_b = self.start()
        self.assertNotEqual(page_a, page_b)
        for page, html, other in ((page_a, html_a, page_b), (page_b, html_b, page_a)):
            self.assertIn(f'action="{page}?lang=nb"', html)
            self.assertIn(f'href="{page}?lang=nn"', html)  # the language links
            self.assertIn(f'href="{page}?lang=nb&amp;size=lg"', html)
            self.assertNotIn(other, html)
            sig = re.search(r'name="sig" value="([^"]+)"', html)
            assert sig
            self.assertEqual(actions.unsign(sig.group(1)), page.rstrip("/").split("/")[-2])
        self.assertNotIn("hole", html_a)

    def test_a_new_title_shows_on_the_next_request(self) -> None:
        page, html = self.start()
        self.assertIn("<title>Nytt helsehus – side 1 av 3 – Mulighetsrom</title>", html)
        self.survey.title = "Nytt bibliotek"
        self.survey.save()
        html = self.client.get(f"{page}?lang=nb").content.decode()
        self.assertIn("Nytt bibliotek", html)
        self.assertNotIn("Nytt helsehus", html)

    def test_the_address_is_escaped_like_the_template_would(self) -> None:
        r = self.client.get('/s/"><b>x/?lang=nb')
        self.assertEqual(r.status_code, 404)
        self.assertNotIn("<b>", r.content.decode())
        self.assertIn('href="/s/&quot;&gt;&lt;b&gt;x/?lang=nn"', r.content.decode())

    def test_a_page_is_kept_only_for_plain_context_values(self) -> None:
        context = {"title": "A", "organization_name": "B", "number": 1, "links": [("nb", "x")]}
        self.assertIsNotNone(rendering._key("t.html", context))
        self.assertIsNone(rendering._key("t.html", {**context, "survey": self.survey}))
        self.assertNotEqual(rendering._key("t.html", context), rendering._key("t.html", {**context, "title": "C"}))
        with translation.override("en"):
            self.assertNotEqual(rendering._key("t.html", context), self._nb_key(context))

    def _nb_key(self, context: dict[str, Any]) -> Any:
        with translation.override("nb"):
            return rendering._key("t.html", context)

    def test_a_question_page_costs_one_query_and_a_middle_post_two(self) -> None:
        page, html = self.start()
        with self.assertNumQueries(1):
            self.client.get(f"{page}?lang=nb")
        sig = re.search(r'name="sig" value="([^"]+)"', html)
        assert sig
        self.client.post(f"{page}?lang=nb", {"sig": sig.group(1), f"q{self.q_group.pk}": "x"})  # invalid: no write
        scale = self.survey.questions.all()[1]
        page2 = page.replace("/1/", "/2/")
        with self.assertNumQueries(2):  # the response, then one INSERT … ON CONFLICT
            r = self.client.post(f"{page2}?lang=nb", {"sig": sig.group(1), f"q{scale.pk}": "4"})
        self.assertEqual(r.status_code, 303)
        self.assertEqual(Answer.objects.get().value, 4)
