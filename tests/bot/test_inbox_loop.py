"""The whole loop: a question the bot cannot answer reaches staff on Slack, and the answer comes back."""

import json
import logging
from contextlib import closing

import pytest

from bot import create_app, services_of
from handlers import leaders
from tests.bot.line_helpers import SECRET as LINE_SECRET
from tests.bot.line_helpers import TOKEN as LINE_TOKEN
from tests.bot.line_helpers import LineHarness, body_of, event, postback_event, text_event
from tests.bot.slack_helpers import SIGNING_SECRET, SlackHarness
from tests.bot.slack_helpers import TOKEN as SLACK_TOKEN
from tests.fakes.line_api import PUSH, REPLY, delivered, fake_line
from tests.fakes.slack_api import calls, fake_slack

STAFF, ADMIN, LEADER = "C0STAFF001", "U0ADMIN001", "U0SHIMIN01"
CITIZEN, NEIGHBOUR = "U1111111111111111111111111111111a", "U2222222222222222222222222222222b"
QUESTION = "市役所の駐車場は何台とめられますか"
FAQ_WORDING = "市役所の駐車場は何台とめられますか（職員が書いた質問文）"


class Loop:
    """Both fakes, the app, and a harness for each platform."""

    def __init__(self, app, slack, line):
        self.app = app
        self.slack = SlackHarness(app, slack)
        self.line = LineHarness(app, line)

    def drain(self):
        """Wait for every background task: LINE events, Slack listeners, inbox posts."""
        for _ in range(3):
            self.line.drain()
            self.slack.drain()
            self.app.extensions["outbox"].pool.drain()

    def ask_on_line(self, text: str, user: str) -> dict:
        """A citizen's question on LINE; returns the reply the fake received."""
        before = len(delivered(self.line.fake, REPLY))
        self.line.post(body_of(text_event(text, user=user)))
        self.drain()
        return delivered(self.line.fake, REPLY)[before]

    def groups(self) -> list[dict]:
        """The inbox groups."""
        with closing(services_of(self.app).db()) as db:
            return list(db["inbox_groups"].rows)


@pytest.fixture
def loop(tmp_path):
    """The app with LINE and Slack on, a staff channel, an admin and a leader."""
    with fake_slack() as slack, fake_line() as line:
        app = create_app({
            "TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"), "SLACK_STAFF_CHANNEL": STAFF,
            "SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{slack.url}/api/",
            "LINE_CHANNEL_SECRET": LINE_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN, "LINE_API_BASE_URL": line.url,
        })
        services = services_of(app)
        with closing(services.db()) as db:
            leaders.add(db, services.kb, ADMIN, "総務部", True, "test")
            leaders.add(db, services.kb, LEADER, "市民部", False, "test")
        yield Loop(app, slack, line)


def answer_form(loop: Loop, group_id: int, text: str, link: str = "", user: str = ADMIN):
    """Submit the 「回答する」 form."""
    values = {"answer": {"value": {"type": "plain_text_input", "value": text}},
              "faq": {"value": {"type": "checkboxes", "selected_options": [{"value": "faq"}]}},
              "faq_question": {"value": {"type": "plain_text_input", "value": FAQ_WORDING}}}
    if link:
        values["link"] = {"value": {"type": "static_select", "selected_option": {"value": link}}}
    return loop.slack.interaction({
        "type": "view_submission", "user": {"id": user}, "team": {"id": "T0000001"}, "api_app_id": "A0000001",
        "trigger_id": "t", "view": {"id": f"VANS{group_id}", "type": "modal", "callback_id": "inbox_answer_form",
                                    "private_metadata": str(group_id), "hash": "h", "state": {"values": values}},
    })


def test_the_whole_loop(loop, caplog):
    caplog.set_level(logging.DEBUG)
    first = loop.ask_on_line(QUESTION, CITIZEN)
    assert "総務部情報企画課" in first["messages"][0]["text"] or "もしかして" in first["messages"][0]["text"]

    # the staff channel hears of it, with 回答する / 対象外
    [group] = loop.groups()
    assert group["status"] == "open" and group["count"] == 1
    posted = [c for c in calls(loop.slack.fake, "chat.postMessage") if c["channel"] == STAFF]
    assert len(posted) == 1 and QUESTION in posted[0]["text"]
    buttons = [e for b in posted[0]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [("inbox_answer", str(group["id"])),
                                                               ("inbox_out_of_scope", str(group["id"]))]

    # a similar question joins the same group and is not posted again
    loop.ask_on_line("市役所の駐車場は何台とめられますか？", NEIGHBOUR)
    assert [g["count"] for g in loop.groups()] == [2]
    assert len([c for c in calls(loop.slack.fake, "chat.postMessage") if c["channel"] == STAFF]) == 1

    # 「回答する」 opens the form; the answer goes back to both citizens on LINE
    loop.slack.action("inbox_answer", str(group["id"]), ADMIN)
    [opened] = calls(loop.slack.fake, "views.open")
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert view["callback_id"] == "inbox_answer_form" and view["private_metadata"] == str(group["id"])
    answer = "本庁舎の来庁者駐車場は約100台です。"
    assert answer_form(loop, group["id"], answer).status_code == 200
    loop.drain()
    pushes = [p.json() for p in loop.line.fake.received(PUSH)]
    assert sorted(p["to"] for p in pushes) == sorted([CITIZEN, NEIGHBOUR])
    assert all(answer in p["messages"][0]["text"] and "職員からの回答" in p["messages"][0]["text"] for p in pushes)
    assert loop.groups()[0]["status"] == "answered"

    # the next citizen gets it as a confident answer
    third = loop.ask_on_line("市役所の駐車場は何台とめられますか", "U3333333333333333333333333333333c")
    message = third["messages"][0]
    assert answer in message["text"] and "よくある質問" in message["text"]
    feedback = [i["action"]["data"] for i in message["quickReply"]["items"] if i["action"]["label"] == "役に立たなかった"]
    assert feedback

    # 「役に立たなかった」 reopens the entry and tells staff again
    loop.line.post(body_of(postback_event(feedback[0], user="U3333333333333333333333333333333c")))
    loop.drain()
    assert loop.groups()[0]["status"] == "open"
    assert len([c for c in calls(loop.slack.fake, "chat.postMessage") if c["channel"] == STAFF]) == 2

    # no raw LINE user IDs in the inbox or the logs
    with closing(services_of(loop.app).db()) as db:
        stored = json.dumps([list(db[t].rows) for t in ("inbox_groups", "inbox_questions", "question_log")])
    for user in (CITIZEN, NEIGHBOUR):
        assert user not in stored
        assert user not in caplog.text
    assert QUESTION not in caplog.text


def test_blocking_the_account_removes_the_users_questions(loop):
    loop.ask_on_line(QUESTION, CITIZEN)
    loop.ask_on_line("図書館の駐輪場はどこですか", NEIGHBOUR)
    loop.line.post(body_of(event("unfollow", user=CITIZEN)))
    loop.drain()
    with closing(services_of(loop.app).db()) as db:
        texts = [row["text"] for row in db["inbox_questions"].rows]
    assert texts == ["図書館の駐輪場はどこですか"]


def test_out_of_scope_closes_the_group(loop):
    loop.ask_on_line(QUESTION, CITIZEN)
    group = loop.groups()[0]
    loop.slack.interaction({
        "type": "view_submission", "user": {"id": LEADER}, "team": {"id": "T0000001"}, "api_app_id": "A0000001",
        "trigger_id": "t", "view": {"id": "VSCOPE", "type": "modal", "callback_id": "inbox_scope_form",
                                    "private_metadata": str(group["id"]), "hash": "h",
                                    "state": {"values": {"reason": {"value": {"type": "plain_text_input",
                                                                              "value": "施設管理の問い合わせ"}}}}},
    })
    loop.drain()
    assert loop.groups()[0]["status"] == "out_of_scope" and loop.groups()[0]["reason"] == "施設管理の問い合わせ"


def test_inbox_and_faq_commands(loop):
    loop.ask_on_line(QUESTION, CITIZEN)
    listing = loop.slack.command("inbox", LEADER).get_json()["text"]
    assert "未回答の質問 1グループ" in listing and QUESTION in listing
    group = loop.groups()[0]
    answer_form(loop, group["id"], "約100台です。", link="measure|1-1-1")
    loop.drain()
    assert "約100台" in loop.slack.command("faq list", LEADER).get_json()["text"]
    assert "管理者" in loop.slack.command("faq retire 1", LEADER).get_json()["text"]
    loop.slack.command("faq edit 1 約120台です。", ADMIN)
    assert "約120台" in loop.ask_on_line(QUESTION, NEIGHBOUR)["messages"][0]["text"]
    loop.slack.command("faq retire 1", ADMIN)
    assert "約120台" not in json.dumps(loop.ask_on_line(QUESTION, NEIGHBOUR), ensure_ascii=False)


def test_faq_export_and_import(loop, tmp_path):
    loop.ask_on_line(QUESTION, CITIZEN)
    answer_form(loop, loop.groups()[0]["id"], "約100台です。")
    loop.drain()
    path = tmp_path / "faq.toml"
    runner = loop.app.test_cli_runner()
    assert "1 FAQ entries written" in runner.invoke(args=["faq", "export", str(path)]).output
    text = path.read_text(encoding="utf-8")
    assert "[[faq]]" in text and "約100台です。" in text and ADMIN in text
    assert "1 FAQ entries imported" in runner.invoke(args=["faq", "import", str(path)]).output


def test_the_progress_page_counts_questions(loop):
    loop.ask_on_line(QUESTION, CITIZEN)
    loop.ask_on_line("オープンデータとは", CITIZEN)
    page = loop.app.test_client().get("/").get_data(as_text=True)
    assert "<th scope=\"row\">質問の数</th><td>2</td>" in page
    assert "<th scope=\"row\">bot が答えた数</th><td>1</td>" in page


def test_an_faq_is_published_only_under_staffs_wording(loop):
    loop.ask_on_line("山田です。駐車場の台数を教えてください", CITIZEN)
    [group] = loop.groups()
    values = {"answer": {"value": {"type": "plain_text_input", "value": "約200台です。"}},
              "faq": {"value": {"type": "checkboxes", "selected_options": [{"value": "faq"}]}}}
    refused = loop.slack.interaction({
        "type": "view_submission", "user": {"id": ADMIN}, "team": {"id": "T0000001"}, "api_app_id": "A0000001",
        "trigger_id": "t", "view": {"id": "VFAQ1", "type": "modal", "callback_id": "inbox_answer_form",
                                    "private_metadata": str(group["id"]), "hash": "h", "state": {"values": values}},
    })
    assert "職員の言葉" in json.dumps(refused.get_json(), ensure_ascii=False)
    assert loop.slack.db()["faq"].count == 0
    answer_form(loop, group["id"], "約200台です。")
    [faq] = loop.slack.db()["faq"].rows
    assert faq["question"] == FAQ_WORDING and "山田" not in faq["question"]


def test_a_flood_of_questions_queues_a_bounded_number_of_staff_rounds_and_one_after_them(monkeypatch):
    """While a round runs, the questions asked meanwhile queue one more round, not one each."""
    import threading

    from bot.outbox import Outbox

    outbox = Outbox(services=None, slack_client=object())
    started, release, rounds = threading.Event(), threading.Event(), []

    def tell_staff():
        rounds.append(len(rounds))
        started.set()
        release.wait(10)
        return 0

    monkeypatch.setattr(outbox, "tell_staff", tell_staff)
    outbox.tell_staff_soon()
    assert started.wait(10)  # the first round has read the database: later questions need another
    for _ in range(50):
        outbox.tell_staff_soon()
    release.set()
    outbox.pool.drain(10)
    assert 2 <= len(rounds) <= 3  # the first, then one queued behind each of the pool's two threads at most


def test_only_a_question_left_unanswered_calls_staff(tmp_path):
    """An answered question queues no staff round; one the bot cannot answer does."""
    from handlers import Incoming

    app = create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3")})
    services = services_of(app)
    calls = []
    services.after_question = lambda: calls.append(1)
    with closing(services.db()) as db:
        assert services.answer(db, Incoming("cli", "u", "オープンデータとは")).answered
        assert calls == []
        assert not services.answer(db, Incoming("cli", "u", QUESTION)).answered
        assert calls == [1]
