"""Staff actions as pure handlers: the shared command table on the Slack channel, on a fresh database."""

from handlers import Incoming, dispatch, inbox, leaders, progress
from handlers.router import ROUTES

LEADER, ADMIN, STRANGER = "U0SOUMU001", "U0ADMIN001", "U0STRANGE1"


def staff_says(context, user: str, text: str):
    """What /ict replies to a Slack user."""
    return dispatch(Incoming("slack", user, text), context)


def registered(context):
    """A leader of 総務部 and an administrator."""
    leaders.add(context.db, context.kb, LEADER, "総務部", False, "test")
    leaders.add(context.db, context.kb, ADMIN, "財政部", True, "test")
    return context


def test_a_leader_reports_corrects_and_withdraws(context):
    registered(context)
    assert "登録しました" in staff_says(context, LEADER, "progress 1-3 実施中 40% 10件公開").text
    assert "訂正しました" in staff_says(context, LEADER, "correct 1-3 実施中 50% 12件公開").text
    assert progress.latest(context.db, "1-3")["percent"] == 50
    assert "取り下げました" in staff_says(context, LEADER, "withdraw 1-3").text


def test_citizens_questions_are_shown_to_leaders_only(context):
    registered(context)
    inbox.record(context.db, "山田花子です。駐車場は何台？", "line", "Uref-1", [], "none")
    refused = staff_says(context, STRANGER, "inbox")
    assert refused.text.startswith("できません：") and "山田花子" not in refused.text
    assert "山田花子" in staff_says(context, LEADER, "inbox").text
    assert "山田花子" not in staff_says(context, STRANGER, "faq list").text


def test_only_the_office_manages_leaders(context):
    registered(context)
    assert "管理者" in staff_says(context, LEADER, "leader add <@U0NEW00001> 環境部").text
    assert leaders.get(context.db, "U0NEW00001") is None
    assert "登録しました" in staff_says(context, ADMIN, "leader add <@U0NEW00001> 環境部").text


def test_staff_errors_are_plain_text_escaped_by_the_channel(context):
    reply = staff_says(context, STRANGER, "status <!channel>")
    assert reply.text.startswith("できません：") and not reply.markup


def test_slack_help_lists_every_staff_route_and_citizens_never_see_them(context):
    help_text = staff_says(context, STRANGER, "help").text
    staff_lines = [route.staff_help for route in ROUTES if route.staff_help]
    assert len(staff_lines) >= 8 and all(line in help_text for line in staff_lines)
    citizen = dispatch(Incoming("line", "Uref-1", "help"), context)
    assert "/ict" not in citizen.text
    assert dispatch(Incoming("line", "Uref-1", "status"), context).facet != "refused"  # a question on LINE
