"""Slack with real signed requests through Bolt and a real WebClient against a fake Slack API."""

import datetime
import json
import sqlite3
import time
from urllib.parse import urlencode

import pytest

from bot import create_app
from handlers import leaders
from tests.bot.slack_helpers import SIGNING_SECRET, TOKEN, SlackHarness, signature
from tests.fakes.slack_api import calls, fake_slack, responses

CITIZEN_DESK = "U0SHIMIN01"  # 市民部 leader
ENVIRONMENT = "U0KANKYO01"  # 環境部 leader
ADMIN = "U0JOHOKIKA"  # 情報企画課 admin
STRANGER = "U0STRANGER"


@pytest.fixture
def slack(tmp_path):
    """The app with Slack on, a fake Slack API, and three registered users."""
    with fake_slack() as fake:
        app = create_app({
            "TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
            "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{fake.url}/api/",
        })
        harness = SlackHarness(app, fake)
        app.extensions["guideline_bot"].today = lambda: datetime.date(2021, 6, 1)
        kb = app.extensions["guideline_bot"].kb
        db = harness.db()
        leaders.add(db, kb, CITIZEN_DESK, "市民部", False, "test")
        leaders.add(db, kb, ENVIRONMENT, "環境部", False, "test")
        leaders.add(db, kb, ADMIN, "総務部", True, "test")
        yield harness


def test_the_app_checks_its_token_with_auth_test(slack):
    assert calls(slack.fake, "auth.test")


def test_url_verification_is_answered(slack):
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    response = slack.send(body, "application/json")
    assert response.status_code == 200 and response.get_json()["challenge"] == "abc123"


@pytest.mark.parametrize("body, content_type, headers, status", [
    (b"{broken", "application/json", {}, 400),
    (b"payload=%7Bnot-json", "application/x-www-form-urlencoded", {}, 400),
    (b'{"type": "event_callback"}', "application/json", {"X-Slack-Request-Timestamp": "soon"}, 400),
    (b'{"type": "event_callback"}', "application/json", {"X-Slack-Signature": "v0=0000"}, 401),
    (b'{"type": "event_callback"}', "application/json", {"X-Slack-Request-Timestamp": "1500000000"}, 401),
    (b'{"type": "event_callback"}', "application/json", {"X-Slack-Request-Timestamp": "²"}, 400),
    (b'{"type": "event_callback"}', "application/json", {"X-Slack-Request-Timestamp": "9" * 5000}, 400),
])
def test_junk_gets_a_4xx_never_a_500(slack, body, content_type, headers, status):
    response = slack.send(body, content_type, **headers)
    assert response.status_code == status
    assert "error" in response.get_json()


def test_an_unsigned_request_is_refused(slack):
    response = slack.send(b'{"type": "event_callback"}', "application/json", signed=False)
    assert response.status_code == 401


def test_an_oversized_body_gets_413(slack):
    assert slack.send(b"x" * (1024 * 1024 + 1), "application/json").status_code == 413


def test_a_direct_message_question_is_answered_in_block_kit_with_buttons(slack):
    slack.dm("オープンデータって何？", STRANGER)
    posted = calls(slack.fake, "chat.postMessage")
    assert len(posted) == 1
    blocks = posted[0]["blocks"]
    assert "オープンデータ" in json.dumps(blocks, ensure_ascii=False)
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons and buttons[0]["value"].startswith("show measure")


def test_a_mention_is_answered_in_a_thread(slack):
    slack.event({"type": "app_mention", "channel": "C0000001", "user": STRANGER, "ts": "1700000001.000100",
                 "text": "<@UBOT0000001> LGWANとは"})
    posted = calls(slack.fake, "chat.postMessage")
    assert posted[0]["thread_ts"] == "1700000001.000100"
    assert "総合行政ネットワーク" in posted[0]["text"]


def test_a_candidate_button_answers_through_the_response_url(slack):
    slack.action("choice_0", "show measure 1-3", STRANGER)
    assert "公共データのオープンデータ化の推進" in responses(slack.fake)[0]["text"]


def test_slash_command_report_is_stored(slack):
    response = slack.command("progress 1-1-1 実施中 60% 電子申請を3手続き追加", CITIZEN_DESK)
    assert response.status_code == 200
    assert "登録しました" in response.get_json()["text"]
    [report] = slack.reports()
    assert (report["measure"], report["status"], report["percent"], report["note"], report["via"]) == (
        "1-1-1", "実施中", 60, "電子申請を3手続き追加", "command")
    assert (report["reporter"], report["department"], report["previous_status"]) == (CITIZEN_DESK, "市民部", None)


@pytest.mark.parametrize("text, message", [
    ("progress 9-9-9 実施中 60%", "施策「9-9-9」はありません"),
    ("progress 1-1-1 実施中 150%", "0〜100%"),
    ("progress 1-1-1 たぶん 60%", "状況「たぶん」が分かりません"),
    ("progress 実施中 60%", "施策番号がありません"),
])
def test_bad_reports_say_exactly_what_is_wrong_and_store_nothing(slack, text, message):
    response = slack.command(text, CITIZEN_DESK)
    assert message in response.get_json()["text"]
    assert slack.reports() == []


def test_english_and_variant_statuses_are_understood(slack):
    slack.command("progress 1-1-1 in progress 40% online forms", CITIZEN_DESK)
    slack.command("progress 1-1-2 Done 100%", CITIZEN_DESK)
    slack.command("progress 3-2 保留", CITIZEN_DESK)
    assert [r["status"] for r in slack.reports()] == ["実施中", "完了", "休止"]


def test_a_report_may_name_a_step_of_the_schedule(slack):
    slack.command("progress 1-1-1 実施中 50% 電子申請の実施・拡充 を開始", CITIZEN_DESK)
    assert slack.reports()[0]["step"] == "電子申請の実施・拡充"


def test_only_leaders_of_a_responsible_department_may_report(slack):
    refused = slack.command("progress 1-4-1 実施中 10%", ENVIRONMENT)
    assert "環境部は含まれない" in refused.get_json()["text"]
    stranger = slack.command("progress 1-1-1 実施中 10%", STRANGER)
    assert "登録された情報化推進リーダーだけ" in stranger.get_json()["text"]
    assert slack.reports() == []
    slack.command("progress 1-1-1 実施中 10%", ENVIRONMENT)  # すべての実施部門
    slack.command("progress 1-4-1 実施中 10%", ADMIN)  # admins report on anything
    assert [(r["measure"], r["reporter"]) for r in slack.reports()] == [("1-1-1", ENVIRONMENT), ("1-4-1", ADMIN)]


def test_a_typed_report_is_shown_back_and_stored_once_on_confirm(slack):
    slack.dm("1-1-1 の進捗: 実施中、60%、電子申請を3手続き追加", CITIZEN_DESK)
    assert slack.reports() == []
    [posted] = calls(slack.fake, "chat.postMessage")
    buttons = [e for b in posted["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == ["登録", "修正"]
    slack.action("progress_confirm", buttons[0]["value"], CITIZEN_DESK)
    slack.action("progress_confirm", buttons[0]["value"], CITIZEN_DESK)
    [report] = slack.reports()
    assert (report["status"], report["percent"], report["note"], report["via"]) == (
        "実施中", 60, "電子申請を3手続き追加", "message")
    assert "登録しました" in responses(slack.fake)[0]["text"]


def test_a_typed_report_with_a_mistake_is_not_offered_for_registration(slack):
    slack.dm("1-1-1 の進捗: 実施中、250%", CITIZEN_DESK)
    [posted] = calls(slack.fake, "chat.postMessage")
    assert "0〜100%" in posted["text"] and "blocks" not in posted


def test_edit_opens_the_form_filled_in_and_its_submission_is_stored(slack):
    draft = {"measure": "1-1-1", "status": "実施中", "percent": 60, "note": "電子申請", "step": ""}
    slack.action("progress_edit", json.dumps(draft, ensure_ascii=False), CITIZEN_DESK)
    [opened] = calls(slack.fake, "views.open")
    view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
    measure_block = next(b for b in view["blocks"] if b["block_id"] == "measure")
    assert measure_block["element"]["initial_option"]["value"] == "1-1-1"
    response = slack.submit({"measure": "1-1-1", "status": "完了", "percent": "100", "note": "全手続き"}, CITIZEN_DESK)
    assert response.status_code == 200
    assert [(r["status"], r["percent"], r["via"]) for r in slack.reports()] == [("完了", 100, "form")]
    assert "登録しました" in calls(slack.fake, "chat.postMessage")[-1]["text"]


def test_the_form_lists_only_the_leaders_own_measures(slack):
    slack.command("progress", ENVIRONMENT)
    [opened] = calls(slack.fake, "views.open")
    view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
    options = [o["value"] for o in next(b for b in view["blocks"] if b["block_id"] == "measure")["element"]["options"]]
    assert "1-2-2" in options and "3-2" in options and "1-1-1" in options
    assert "1-4-1" not in options and "2-2-2" not in options


def test_a_bad_form_submission_names_the_field_and_stores_nothing(slack):
    response = slack.submit({"measure": "1-1-1", "status": "実施中", "percent": "abc"}, CITIZEN_DESK)
    assert response.get_json()["response_action"] == "errors"
    assert "percent" in response.get_json()["errors"]
    refused = slack.submit({"measure": "1-4-1", "status": "実施中"}, ENVIRONMENT, view_id="V2")
    assert "measure" in refused.get_json()["errors"]
    assert slack.reports() == []


def test_a_form_submitted_twice_is_stored_once(slack):
    values = {"measure": "1-1-1", "status": "実施中", "percent": "10"}
    slack.submit(values, CITIZEN_DESK, view_id="V0000009")
    slack.submit(values, CITIZEN_DESK, view_id="V0000009")
    assert len(slack.reports()) == 1


def test_slack_retries_never_record_a_report_twice(slack):
    slack.dm("1-1-1 の進捗: 実施中、60%", CITIZEN_DESK, event_id="EvRETRY0001")
    slack.dm("1-1-1 の進捗: 実施中、60%", CITIZEN_DESK, event_id="EvRETRY0001",
             **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert len(calls(slack.fake, "chat.postMessage")) == 1


def test_corrections_and_withdrawals_keep_the_whole_history(slack):
    slack.command("progress 1-3 検討中 10%", CITIZEN_DESK)
    slack.command("correct 1-3 実施中 20% 訂正", CITIZEN_DESK)
    db = slack.db()
    from handlers import progress
    assert progress.latest(db, "1-3")["status"] == "実施中"
    slack.command("withdraw 1-3", CITIZEN_DESK)
    assert progress.latest(db, "1-3") is None  # the corrected report stays superseded
    kinds = [(r["kind"], r["status"], r["previous_status"]) for r in slack.reports()]
    assert kinds == [("report", "検討中", None), ("correction", "実施中", "検討中"), ("withdrawal", "実施中", "実施中")]
    other = slack.command("withdraw 1-3", ENVIRONMENT)
    assert "取り下げられる報告はありません" in other.get_json()["text"]


def test_withdrawing_a_later_report_brings_back_the_earlier_one(slack):
    from handlers import progress
    slack.command("progress 3-2 検討中 10%", ENVIRONMENT)
    slack.command("progress 3-2 実施中 30%", ENVIRONMENT)
    slack.command("withdraw 3-2", ENVIRONMENT)
    assert progress.latest(slack.db(), "3-2")["status"] == "検討中"
    assert len(progress.history(slack.db(), "3-2")) == 3


def test_the_audit_log_cannot_be_edited(slack):
    slack.command("progress 1-3 検討中 10%", CITIZEN_DESK)
    db = slack.db()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("update progress_reports set status = '完了'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("delete from progress_reports")


def test_status_of_all_and_of_one_measure(slack):
    slack.command("progress 1-1-1 実施中 60% 電子申請", CITIZEN_DESK)
    overview = slack.command("status", STRANGER).get_json()["text"]
    assert overview.count("\n*") >= 19 and "*1-1-1* 行政手続のオンライン化の推進 — 実施中 60%" in overview
    assert "未報告" in overview
    one = slack.command("status 1-1-1", STRANGER).get_json()["text"]
    assert f"<@{CITIZEN_DESK}>（市民部、スラッシュコマンド） 報告：未報告 → 実施中" in one


def test_the_app_home_shows_a_leaders_measures(slack):
    slack.command("progress 1-2-2 実施中 30%", ENVIRONMENT)
    slack.event({"type": "app_home_opened", "user": ENVIRONMENT, "channel": "D0000002", "tab": "home"})
    [published] = calls(slack.fake, "views.publish")
    view = json.loads(published["view"]) if isinstance(published["view"], str) else published["view"]
    text = json.dumps(view, ensure_ascii=False)
    assert "環境部" in text and "1-2-2" in text and "実施中 30%" in text and "次の節目" in text
    assert "1-4-1" not in text
    assert any(b["type"] == "actions" for b in view["blocks"])


def test_admins_manage_leaders_from_slack(slack):
    refused = slack.command("leader add <@U0NEWUSER1|new> 財政部", CITIZEN_DESK)
    assert "管理者" in refused.get_json()["text"]
    added = slack.command("leader add <@U0NEWUSER1|new> 財政部", ADMIN)
    assert "財政部" in added.get_json()["text"]
    unknown = slack.command("leader add <@U0NEWUSER2> 宇宙部", ADMIN)
    assert "部門「宇宙部」は指針にありません" in unknown.get_json()["text"]
    listing = slack.command("leader list", STRANGER).get_json()["text"]
    assert "<@U0NEWUSER1> 財政部" in listing
    slack.command("leader remove <@U0NEWUSER1>", ADMIN)
    assert leaders.get(slack.db(), "U0NEWUSER1") is None
    assert [row["action"] for row in slack.db()["leader_log"].rows][-2:] == ["add", "remove"]


def test_a_question_as_a_slash_command_is_answered(slack):
    text = slack.command("BCPとは", STRANGER).get_json()["text"]
    assert "業務継続計画" in text


def test_citizens_on_line_see_the_latest_progress(slack):
    slack.command("progress 1-4-1 実施中 40% 3施設に整備", ADMIN)
    from handlers import Incoming, dispatch
    services = slack.app.extensions["guideline_bot"]
    reply = dispatch(Incoming("line", "u", "Wi-Fiエリアの拡大"), services.context(slack.db()))
    assert "実施中 40%" in reply.text and "3施設に整備" in reply.text


def test_slack_is_switched_off_without_secrets(app):
    assert app.test_client().post("/slack/events", data=b"{}").status_code == 503


def test_signature_helper_matches_bolt():
    from slack_sdk.signature import SignatureVerifier
    timestamp = str(int(time.time()))
    assert SignatureVerifier(SIGNING_SECRET).is_valid(b"x", timestamp, signature(b"x", timestamp))


def test_a_chunked_body_over_the_limit_is_refused(slack):
    from tests.bot.test_web import post_chunked

    assert post_chunked(slack.app, "/slack/events", 256 * 1024 * 1024 // 64).status_code == 413


def test_a_signed_command_replayed_within_the_window_is_stored_once(slack):
    form = {"token": "x", "team_id": "T0000001", "channel_id": "C0000001", "user_id": CITIZEN_DESK, "command": "/ict",
            "text": "progress 1-3 実施中 10%", "response_url": f"{slack.fake.url}/response/command",
            "trigger_id": "trigger.replayed"}
    body = urlencode(form).encode()
    timestamp = str(int(time.time()))
    for _ in range(2):
        assert slack.send(body, "application/x-www-form-urlencoded", timestamp=timestamp).status_code == 200
    assert len(slack.reports()) == 1


def test_text_slack_escaped_is_read_as_typed_and_answered_escaped_once(slack):
    slack.dm("R&amp;D と &lt;b&gt; って何？ " + "&lt;" * 700, STRANGER)
    [reply] = [c for c in calls(slack.fake, "chat.postMessage") if c["channel"] == "D0000001"]
    shown = reply["text"] + json.dumps(reply["blocks"], ensure_ascii=False)
    assert "&amp;amp;" not in shown and "&amp;lt;" not in shown
    assert all(len(b["text"]["text"]) <= 3000 for b in reply["blocks"] if b["type"] == "section")


def test_a_note_too_long_for_a_button_is_refused_with_the_reason(slack):
    slack.dm("1-1-1 実施中 60% " + "電子申請の手続を追加しました。" * 200, CITIZEN_DESK)
    [reply] = [c for c in calls(slack.fake, "chat.postMessage") if c["channel"] == "D0000001"]
    assert "メモは1000文字以内" in reply["text"] and slack.reports() == []


def test_the_inbox_forms_fit_slacks_limits_for_a_very_long_question(slack):
    from bot.slack.blocks import inbox_answer_modal, inbox_blocks, inbox_scope_modal

    group = {"id": 1, "text": "<" * 5000, "count": 1, "candidates": "[]"}
    drawn = [*inbox_blocks(group)[0], *inbox_answer_modal(group, [], [])["blocks"], *inbox_scope_modal(group)["blocks"]]
    assert all(len(b["text"]["text"]) <= 3000 for b in drawn if b["type"] == "section")
    assert len(inbox_blocks(group)[1]) <= 3000
