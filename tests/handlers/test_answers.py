"""Replies in each tier: an answer with the entry's content, candidates as buttons, an honest decline."""

from handlers import Incoming, dispatch
from tests.conftest import reported


def ask(context, text="", postback=""):
    """Dispatch a message as a citizen would send it."""
    return dispatch(Incoming(channel="cli", user="test", text=text, postback=postback), context)


def test_a_measure_answer_has_content_schedule_departments_and_source(context):
    reply = ask(context, "Wi-Fiエリアの拡大")
    assert reply.answered
    for part in ("【施策 1-4-1】", "■概要", "■主な取組", "■取組の工程", "公共施設へのWi-Fiの整備",
                 "総務部・市民部・商工観光部・教育委員会など", "まだ報告がありません", "出典", "別冊（施策編） p.6"):
        assert part in reply.text
    assert reply.card.heading == "施策 1-4-1"
    assert dict(reply.card.fields)["令和3年度（2021年度）の工程"]
    assert any(choice.command == "follow 1-4-1" for choice in reply.choices)


def test_a_measure_answer_shows_the_latest_progress(context):
    reported(context.db, "1-4-1", "実施中", 60, "3施設に整備", "2021-05-31")
    reply = ask(context, "Wi-Fiエリアの拡大")
    assert "実施中 60%：3施設に整備（2021年5月31日報告）" in reply.text


def test_a_term_answer_is_its_definition(context, kb):
    reply = ask(context, "LGWANとは")
    term = kb.term("総合行政ネットワーク")
    assert reply.answered and term.definition in reply.text
    assert "注4" in reply.text


def test_a_past_measure_answer_gives_its_status(context):
    reply = ask(context, "電子投票システムは導入されたの？")
    assert reply.answered
    assert "結果：未着手" in reply.text and "一次～四次" in reply.text


def test_a_section_answer_quotes_the_guideline(context):
    reply = ask(context, "指針の対象期間はいつまで？")
    assert reply.answered and "令和4年度" in reply.text


def test_candidates_are_buttons_that_show_the_entry(context):
    reply = ask(context, "データ")
    assert not reply.answered
    assert reply.text.startswith("もしかして")
    assert 2 <= len(reply.choices) <= 5
    chosen = ask(context, postback=reply.choices[0].command)
    assert chosen.answered and chosen.matches == [] and chosen.card.id == reply.matches[0].id


def test_a_decline_names_the_policy_office_and_suggests_questions(context):
    reply = ask(context, "qzxwvjk")
    assert not reply.answered
    assert "総務部情報企画課" in reply.text and "オープンデータとは" in reply.text


def test_help_is_generated_from_the_routes(context):
    reply = ask(context, "ヘルプ")
    assert "施策の一覧" in reply.text and "使い方を表示します" in reply.text


def test_an_unknown_entry_says_so(context):
    reply = ask(context, postback="show measure 9-9-9")
    assert not reply.answered and "見つかりませんでした" in reply.text


def test_the_list_of_measures_has_all_twenty(context, kb):
    reply = ask(context, "施策一覧")
    assert all(f"{m.number} {m.title}" in reply.text for m in kb.measures)


def test_json_shape(context):
    data = ask(context, "RPAとは").as_json()
    assert data["answered"] is True
    assert data["matches"][0] == {"kind": "term", "id": "RPA", "title": "RPA", "score": data["matches"][0]["score"]}


def test_a_candidate_pressed_offers_the_same_feedback_as_a_typed_answer(context):
    candidates = ask(context, "データ")
    chosen = ask(context, postback=candidates.choices[0].command)
    kind, entry = candidates.matches[0].kind, candidates.matches[0].id
    assert [(c.label, c.command.strip()) for c in chosen.choices[-2:]] == [
        ("役に立った", f"feedback yes {kind} {entry}"), ("役に立たなかった", f"feedback no {kind} {entry}")]
    assert ask(context, postback=chosen.choices[-1].command).text.startswith("お役に立てず")
    english = ask(context, postback="show measure 1-3 en")
    assert [c.label for c in english.choices[-2:]] == ["Helpful", "Not helpful"]
