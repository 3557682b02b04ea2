"""Looking ahead: the steps scheduled in a fiscal year."""

import pytest

from handlers import Incoming, dispatch


def ask(context, text):
    """Dispatch a message."""
    return dispatch(Incoming("line", "u", text), context)


@pytest.mark.parametrize("text", ["2021年度の予定", "令和3年度の予定", "R3の工程", "FY2021のスケジュール", "今年度の予定", "schedule 2021"])
def test_a_fiscal_year_lists_its_steps(context, kb, text):
    reply = ask(context, text)
    assert reply.text.startswith("【令和3年度（2021年度）の工程】")
    running = [s.step for m in kb.measures for s in m.steps_in(2021)]
    assert running and all(step in reply.text for step in running)


def test_a_year_outside_the_plan_says_so(context):
    assert "対象期間" in ask(context, "2030年度の予定").text


def test_other_questions_about_plans_are_not_taken_for_years(context):
    assert ask(context, "マイナンバーカードの予定").matches[0].id == "1-1-2"
