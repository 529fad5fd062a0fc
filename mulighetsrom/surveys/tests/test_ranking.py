"""Ranked prioritise questions: the form, answering and re-display, results (Borda points), export,
the staff question form, the print page and the paper entry link."""

from __future__ import annotations

import io
import re
import uuid

from django.test import SimpleTestCase
from django.utils import translation
from openpyxl import load_workbook

from mulighetsrom.surveys import actions, exports, results
from mulighetsrom.surveys.forms import AnswerForm, RankField
from mulighetsrom.surveys.models import Answer, Choice, Question, Response
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase

ITEMS = [("11", "Hage"), ("12", "Dagslys"), ("13", "Stillerom"), ("14", "Kjøkken")]


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, name
    return match.group(1)


class RankFieldTestCase(SimpleTestCase):
    def clean(self, data: dict[str, str], *, required: bool = False, ranks: int = 3) -> tuple[object, list[str]]:
        field = RankField(items=ITEMS, ranks=ranks, required=required, label="Viktigst?")
        value = field.widget.value_from_datadict(data, {}, "q5")
        try:
            return field.clean(value), []
        except Exception as exc:  # ValidationError
            return None, list(getattr(exc, "messages", [str(exc)]))

    def test_it_cleans_to_choice_ids_in_rank_order(self) -> None:
        with translation.override("en"):
            self.assertEqual(self.clean({"q5_13": "1", "q5_11": "3", "q5_12": "2"}), (["13", "12", "11"], []))
            self.assertEqual(self.clean({"q5_14": "1", "q5_11": ""}), (["14"], []))

    def test_two_items_with_the_same_rank_are_refused(self) -> None:
        with translation.override("en"):
            value, errors = self.clean({"q5_11": "2", "q5_12": "2", "q5_13": "1"})
        self.assertIsNone(value)
        self.assertEqual(errors, ["You gave 2 items rank 2. Each rank can be used once."])

    def test_a_rank_above_the_number_of_ranks_is_refused(self) -> None:
        # Only 1 … 3 are offered; a forged 4 (a fourth ranked item) is refused, not stored.
        with translation.override("en"):
            value, errors = self.clean({"q5_11": "1", "q5_12": "2", "q5_13": "3", "q5_14": "4"})
        self.assertIsNone(value)
        self.assertEqual(errors, ["Choose a rank from 1 to 3, or “Not ranked”."])
        self.assertIsNone(self.clean({"q5_11": "x"})[0])

    def test_gaps_in_the_ranks_are_refused(self) -> None:
        with translation.override("en"):
            self.assertEqual(
                self.clean({"q5_11": "2"})[1], ["No item has rank 1. Use the ranks in order from 1, without gaps."]
            )

    def test_a_required_question_needs_at_least_one_rank(self) -> None:
        with translation.override("en"):
            self.assertEqual(self.clean({}, required=True)[1], ["Give at least one item a rank."])
            self.assertEqual(self.clean({}, required=False), ([], []))

    def test_a_saved_order_is_shown_as_ranks(self) -> None:
        field = RankField(items=ITEMS, ranks=3, required=False, label="Viktigst?")
        context = field.widget.get_context("q5", field.prepare_value(["13", "11"]), {"id": "id_q5"})
        selected = [sub["value"] for sub in context["widget"]["subwidgets"]]
        self.assertEqual(selected, [["2"], [""], ["1"], [""]])
        self.assertEqual([sub["item_label"] for sub in context["widget"]["subwidgets"]], [t for _k, t in ITEMS])


class RankedQuestionTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.ranked = actions.save_question(
            question=Question(
                survey=self.survey,
                kind=Question.Kind.PRIORITISE,
                text="Ranger de viktigste",
                text_en="Rank the most important",
                max_picks=2,
                ranked=True,
            ),
            choices=["Hage", "Dagslys", "Stillerom"],
            choices_en=["Garden", "Daylight", "Quiet room"],
            acting_user=self.kari,
        )
        self.garden, self.daylight, self.quiet = list(self.ranked.choices.all())

    def answer(self, order: list[Choice], group_name: str = "Beboere") -> Response:
        response, _created = actions.start_response(survey=self.survey, submission_key=uuid.uuid4(), language="nb")
        q_group = self.survey.questions.get(is_background=True)
        actions.save_answers(
            response=response,
            questions=[q_group, self.ranked],
            cleaned={
                f"q{q_group.pk}": str(q_group.choices.get(group__name=group_name).pk),
                f"q{self.ranked.pk}": [str(c.pk) for c in order],
            },
        )
        response.submit()
        return response

    # Answering through the public pages ----------------------------------------------------

    def start(self) -> str:
        r = self.client.get(f"/s/{self.survey.token}/?lang=en")
        r = self.client.post(f"/s/{self.survey.token}/start/?lang=en", {"key": hidden(r.content.decode(), "key")})
        return r["Location"].split("?")[0].rsplit("/", 2)[0] + "/4/"  # the ranked question is the fourth

    def test_a_ranked_answer_is_stored_in_rank_order_and_shown_again(self) -> None:
        page = self.start()
        html = self.client.get(f"{page}?lang=en").content.decode()
        self.assertIn("<legend", html)
        self.assertIn(f'name="q{self.ranked.pk}_{self.garden.pk}"', html)
        self.assertIn("Give up to 2 items a rank", html)
        name = f"q{self.ranked.pk}"
        r = self.client.post(
            f"{page}?lang=en",
            {
                "sig": hidden(html, "sig"),
                "action": "save",
                f"{name}_{self.quiet.pk}": "1",
                f"{name}_{self.garden.pk}": "2",
            },
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(Answer.objects.get(question=self.ranked).value, [self.quiet.pk, self.garden.pk])
        html = self.client.get(f"{page}?lang=en").content.decode()
        selects = re.findall(rf'<select name="{name}_(\d+)".*?</select>', html, re.DOTALL)
        self.assertEqual(len(selects), 3)
        chosen = dict(re.findall(rf'name="{name}_(\d+)".*?<option value="(\d?)" selected>', html, re.DOTALL))
        self.assertEqual(chosen, {str(self.garden.pk): "2", str(self.daylight.pk): "", str(self.quiet.pk): "1"})

    def test_a_duplicate_rank_is_explained_next_to_the_question(self) -> None:
        page = self.start()
        html = self.client.get(f"{page}?lang=en").content.decode()
        name = f"q{self.ranked.pk}"
        r = self.client.post(
            f"{page}?lang=en",
            {"sig": hidden(html, "sig"), f"{name}_{self.quiet.pk}": "1", f"{name}_{self.garden.pk}": "1"},
        )
        self.assertContains(r, "You gave 2 items rank 1. Each rank can be used once.", status_code=400)
        self.assertContains(r, f'id="id_{name}_error"', status_code=400)
        self.assertContains(r, f'href="#id_{name}"', status_code=400)  # the error summary links to the fieldset
        self.assertContains(r, f'<fieldset class="ds-fieldset rank-field" id="id_{name}"', status_code=400)
        # The ranks the respondent chose are kept on the page.
        self.assertRegex(r.content.decode(), rf'(?s)name="{name}_{self.quiet.pk}".*?<option value="1" selected>')

    def test_answer_form_initial_from_a_saved_answer(self) -> None:
        response = self.answer([self.daylight, self.garden])
        answers = {a.question_id: a for a in response.answers.all()}
        initial = AnswerForm.initial_from([self.ranked], answers)
        self.assertEqual(initial, {f"q{self.ranked.pk}": [str(self.daylight.pk), str(self.garden.pk)]})
        form = AnswerForm(initial=initial, questions=[self.ranked], language="en")
        html = str(form[f"q{self.ranked.pk}"].as_field_group())
        self.assertRegex(html, rf'(?s)name="q{self.ranked.pk}_{self.daylight.pk}".*?<option value="1" selected>')
        self.assertIn("Daylight", html)

    # Results and export ----------------------------------------------------------------------

    def test_results_give_borda_points_and_first_places(self) -> None:
        # Two ranks: 1st = 2 points, 2nd = 1 point.
        self.answer([self.garden, self.daylight])  # garden 2, daylight 1
        self.answer([self.garden, self.quiet], group_name="Ansatte")  # garden 2, quiet 1
        self.answer([self.quiet])  # quiet 2
        summary = next(s for s in results.summarise(self.survey) if s.question == self.ranked)
        self.assertEqual(summary.ranks, 2)
        self.assertEqual(
            [(r.label, r.points, r.first, r.ranked) for r in summary.ranking],
            [("Hage", 4, 2, 2), ("Stillerom", 3, 1, 2), ("Dagslys", 1, 0, 1)],
        )
        self.assertEqual(summary.by_group, {"Ansatte": [2, 0, 1], "Beboere": [2, 1, 2]})
        self.assertIn("Hage", summary.svg)

    def test_borda_ignores_ranks_beyond_the_number_of_ranks(self) -> None:
        total = results.borda([["a", "b", "c"], ["b"]], ["a", "b", "c"], 2)
        self.assertEqual((total.points, total.first, total.ranked), ([2, 3, 0], [1, 1, 0], [1, 2, 1]))

    def test_the_results_page_shows_points_in_a_table(self) -> None:
        self.answer([self.daylight, self.garden])
        self.log_in(self.nora)
        r = self.client.get(self.url("surveys:results", self.survey.code) + "?cross=1")
        self.assertContains(r, "Points")
        self.assertContains(r, "Ranked first")
        self.assertContains(r, "Points by respondent group")
        self.assertRegex(r.content.decode(), r"<td>Dagslys</td><td>2</td><td>1</td><td>1</td>")

    def test_the_export_lists_the_ranks_in_order(self) -> None:
        self.answer([self.quiet, self.garden])
        buffer = io.BytesIO()
        with translation.override("en"):
            exports.write_xlsx(self.survey, buffer)
        sheet = load_workbook(buffer).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        column = list(rows[0]).index("Ranger de viktigste")
        self.assertEqual(rows[1][column], "1. Stillerom; 2. Hage")

    # Staff pages -----------------------------------------------------------------------------

    def test_staff_make_a_ranked_question_and_see_its_mode(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(
            self.url("surveys:question_add", self.survey.code),
            {"kind": "prioritise", "text": "Ranger", "choices_text": "A\nB\nC", "max_picks": "3", "ranked": "on"},
        )
        self.assertEqual(r.status_code, 302)
        self.assertTrue(self.survey.questions.get(text="Ranger").ranked)
        r = self.client.get(self.url("surveys:detail", self.survey.code))
        self.assertContains(r, "Rank the top 3")
        self.assertContains(r, "Rank the top 2")

    def test_only_prioritise_questions_can_be_ranked(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(
            self.url("surveys:question_add", self.survey.code),
            {"kind": "multiple", "text": "X?", "choices_text": "A\nB", "max_picks": "3", "ranked": "on"},
        )
        self.assertContains(r, "Only prioritise questions can be ranked.", status_code=400)
        r = self.client.post(
            self.url("surveys:question_add", self.survey.code),
            {"kind": "prioritise", "text": "Y?", "choices_text": "A\nB", "max_picks": "0"},
        )
        self.assertContains(r, "at least 1", status_code=400)

    def test_the_print_page_has_rank_boxes_and_where_to_hand_in(self) -> None:
        self.survey.paper_return = "Legg skjemaet i postkassen i resepsjonen."
        self.survey.save()
        self.log_in(self.nora)
        r = self.client.get(self.url("surveys:print", self.survey.code))
        self.assertContains(r, "Write 1 in the box of the most important, 2 in the box of the next")
        self.assertContains(r, "Legg skjemaet i postkassen i resepsjonen.")

    def test_the_paper_entry_link_preselects_the_paper_channel(self) -> None:
        self.log_in(self.ingrid)
        detail = self.client.get(self.url("surveys:detail", self.survey.code))
        self.assertContains(detail, "?channel=paper")
        r = self.client.get(self.url("surveys:assisted", self.survey.code) + "?channel=paper")
        self.assertContains(r, "Enter answers from a paper form")
        self.assertRegex(r.content.decode(), r'value="paper"[^>]*checked')
        r = self.client.post(
            self.url("surveys:assisted", self.survey.code), {"consent_basis": "anonymous", "channel": "paper"}
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Response.objects.get().channel, Response.Channel.PAPER)
