"""The first line answers what was asked: who, yes or no, when, how far, what, why."""

import dataclasses
import datetime

import pytest

from handlers import Incoming, dispatch
from tests.conftest import reported
from handlers.facets import detect


def ask(context, text):
    """Dispatch a question as a citizen would send it."""
    return dispatch(Incoming(channel="cli", user="test", text=text), context)


@pytest.fixture
def after_the_plan(context):
    """A context on a day after the plan period (FY2019–FY2022) ended."""
    return dataclasses.replace(context, today=lambda: datetime.date(2026, 11, 29))


@pytest.mark.parametrize("text, facet, department, year", [
    ("Wi-Fiの担当はどこの部署？", "who", "", None),
    ("上下水道局も1-2-2に関わってる？", "who", "上下水道局", None),
    ("農林部はオープンデータの担当？", "who", "農林部", None),
    ("Is the Board of Education involved in free Wi-Fi?", "who", "教育委員会", None),
    ("R3の工程は？", "when", "", 2021),
    ("令和4年度に何をするの", "when", "", 2022),
    ("来年度の予定", "when", "", 2022),
    ("1-3 どこまで進んだ？", "progress", "", None),
    ("How far along is the open data project?", "progress", "", None),
    ("RPAってなに", "definition", "", None),
    ("電子投票はなぜやらなかったの？", "reason", "", None),
    ("無料Wi-Fi", "overview", "", None),
])
def test_the_facet_is_read_from_the_wording(context, text, facet, department, year):
    found = detect(text, context)
    assert (found.name, found.department, found.fiscal_year) == (facet, department, year)


def test_who_names_the_departments_first(context):
    reply = ask(context, "Wi-Fiエリアの拡大の担当はどこ？")
    assert reply.facet == "who"
    assert reply.text.splitlines()[0] == ("施策1-4-1「Wi-Fiエリアの拡大」を主に推進する実施部門は、"
                                          "総務部・市民部・商工観光部・教育委員会などです。")


@pytest.mark.parametrize("text, first", [
    ("上下水道局も1-2-2に関わってる？", "はい。上下水道局は"),
    ("子ども未来部も1-1-1に入ってる？", "はい。子ども未来部は"),  # すべての実施部門
    ("建設部は1-4-1の担当？", "いいえ。建設部は"),
    ("上下水道局もウェブアクセシビリティの担当なんですか？", "はい。上下水道局は"),  # 「なんですか」 does not ask what
])
def test_yes_no_questions_get_yes_or_no_first(context, text, first):
    assert ask(context, text).text.startswith(first)


def test_when_gives_the_steps_of_the_asked_year(context):
    reply = ask(context, "1-1-1のR3の工程は？")
    assert reply.text.splitlines()[0] == ("令和3年度（2021年度）の工程：電子申請の可能性検討（2019～2021年度）、"
                                          "電子申請の実施・拡充（2021～2022年度）")


def test_when_after_the_plan_says_it_has_ended(after_the_plan):
    reply = ask(after_the_plan, "電子申請は今年度なにをやるの？")
    first, second = reply.text.splitlines()[:2]
    assert first.startswith("計画期間（2019～2022年度）は2022年度で終了しました。")
    assert "電子申請の実施・拡充（2021～2022年度）" in first
    assert second == "進捗の報告はありません。"


def test_progress_says_nothing_is_reported_yet(context):
    reply = ask(context, "1-3の進捗は？")
    assert reply.facet == "progress"
    assert reply.text.splitlines()[0] == "施策1-3「公共データのオープンデータ化の推進」の進捗は、まだ報告されていません。"


def test_progress_gives_the_latest_report(after_the_plan):
    reported(after_the_plan.db, "1-3", "完了", 100, "", "2023-03-31")
    lines = ask(after_the_plan, "オープンデータ化はどこまで進んだ？").text.splitlines()
    assert lines[0] == "施策1-3の最新の進捗：完了 100%（2023年3月31日報告）"
    assert lines[1] == "計画期間（2019～2022年度）は2022年度で終了しました。"
    assert lines[2] == "その後の取組は「盛岡市デジタル化によるまちづくり推進戦略」に引き継がれています。"


def test_a_term_answers_with_its_definition_first(context, kb):
    reply = ask(context, "クラウドってなに？")
    assert reply.text.splitlines()[0] == f"クラウド：{kb.term('クラウド').definition}"


def test_why_a_past_measure_was_not_done_quotes_the_review(context):
    lines = ask(context, "電子投票はなぜやらなかったの？").text.splitlines()
    assert lines[0] == "「電子投票システムの導入」は、以前の盛岡市情報化基本計画（一次～四次）で「未着手」でした。"
    assert lines[1].startswith("理由・経緯：") and "着手に至りませんでした" in lines[1]


def test_a_long_section_answers_with_the_matching_passage(context, kb):
    from handlers.answers import found
    from knowledge.search import Match, Result

    section = next(s for s in kb.sections if s.id == "basic_plan_work")
    result = Result([Match("section", section.id, section.title, 1.0)], "answer", focus="建設CALS/ECはどうなったの？")
    reply = found(context, "section", section.id, result)
    assert len(section.text) > 700
    assert "建設CALS/ECの導入については" in reply.text and section.text.strip()[:40] not in reply.text


def test_an_unsure_who_question_gets_the_best_guess_first_then_the_candidates(context):
    from handlers.answers import candidates
    from knowledge.search import Match, Result

    result = Result([Match("measure", "1-4-1", "Wi-Fiエリアの拡大", 0.6), Match("measure", "1-4-2", "利用機会等の格差是正の検討", 0.5)],
                    "candidates", focus="ネットの担当ってどこ？")
    reply = candidates(context, result, facet=detect(result.focus, context))
    first, second = reply.text.splitlines()[:2]
    assert first.startswith("施策1-4-1「Wi-Fiエリアの拡大」のことでしたら：") and "総務部・市民部" in first
    assert second.startswith("もしかして") and reply.facet == "who" and not reply.answered
    assert [c.command for c in reply.choices] == ["show measure 1-4-1", "show measure 1-4-2"]


@pytest.mark.parametrize("text", ["うちの課（上下水道局）は何の担当？", "上下水道局の担当施策は？",
                                  "うちの課、上下水道局なんだけど指針で担当になってる施策ってある？",
                                  "上下水道局です。うちが主に推進する施策ってどれでしたっけ？", "上下水道局はなんの担当？"])
def test_a_department_asking_what_it_is_responsible_for_gets_its_measures(context, text):
    reply = ask(context, text)
    first, second = reply.text.splitlines()[:2]
    assert reply.answered and reply.facet == "who"
    assert first == "上下水道局が主に推進する実施部門として名前のある施策は1件です：1-2-2 ウェブアクセシビリティの向上"
    assert second.startswith("このほか「すべての実施部門」とされる施策が11件あります：1-1-1")


@pytest.mark.parametrize("text", ["市長公室です。R4に何やる？", "市長公室、2022年度の工程は？"])
def test_a_department_asking_about_a_fiscal_year_gets_its_steps_in_that_year_first(context, text):
    reply = ask(context, text)
    lines = reply.text.splitlines()
    assert reply.answered and reply.facet == "when"
    assert lines[:2] == ["市長公室が推進する施策の令和4年度（2022年度）の工程：", "■1-2-1：SNS等での情報発信（2020～2022年度）"]
    assert "■1-1-1：電子申請の実施・拡充（2021～2022年度）" in lines and "電子申請の可能性検討" not in reply.text  # ended FY2021
    assert "市長公室が主に推進する実施部門として名前のある施策は5件です：1-2-1 分かりやすくタイムリーな情報の発信、1-2-2 ウェブアクセシビリティの向上、"\
           "2-1-2 施策マネジメントへのデータ活用、3-1-1 情報の収集・集約へのICT利活用の検討、3-1-2 多様な手段による情報提供" in lines


def test_a_department_asking_about_a_year_outside_the_plan_is_told_so_first(after_the_plan):
    first = ask(after_the_plan, "市長公室 今年度の予定").text.splitlines()[0]
    assert first == "令和8年度（2026年度）は指針の対象期間（令和元年度（2019年度）～令和4年度（2022年度））の外です。"
    english = ask(after_the_plan, "Which measures is the Mayor's Office responsible for in FY2030?")
    assert english.text.startswith("FY2030 is outside the guideline's period (FY2019–FY2022).")


def test_a_department_asking_about_a_fiscal_year_in_english_gets_its_steps_in_english(context):
    reply = ask(context, "Which measures is the Mayor's Office responsible for in FY2022?")
    assert reply.lang == "en" and reply.facet == "when"
    assert reply.text.splitlines()[:2] == ["Steps in FY2022 of the measures the Mayor's Office takes part in:",
                                           "- 1-2-1: Sending out information on SNS, etc. (FY2020–FY2022)"]


def test_a_department_named_in_english_gets_its_measures_in_english(context):
    reply = ask(context, "Which measures is the Board of Education responsible for?")
    assert reply.lang == "en" and reply.text.startswith("The Board of Education is named for 4 measures: 1-1-2")


def test_an_unsure_reply_about_a_term_gives_its_definition_first_hedged(context, kb):
    from handlers.answers import candidates
    from knowledge.search import Match, Result

    result = Result([Match("term", "デジタルデバイド", "デジタルデバイド", 0.7), Match("measure", "1-4-2", "利用機会等の格差是正の検討", 0.6)],
                    "candidates", focus="でじたるでばいど って どういう いみ？")
    first = candidates(context, result, facet=detect(result.focus, context)).text.splitlines()[0]
    assert first.startswith("「デジタルデバイド」のことでしたら：") and kb.term("デジタルデバイド").definition[:20] in first


ENDED = ("盛岡市ICT利活用推進指針の計画期間は2019年度から2022年度までで、2022年度で終了しました。"
         "その後の取組は「盛岡市デジタル化によるまちづくり推進戦略」に引き継がれています。")


@pytest.mark.parametrize("text, first", [
    ("この けいかく いつまで", ENDED),
    ("この指針の取りまとめをしてる担当課ってどこ？", "盛岡市ICT利活用推進指針を取りまとめているのは、盛岡市総務部情報企画課（情報政策部門）です。"),
    ("もう期限きれてるんじゃないの？この指針まだ有効なの？", ENDED),  # 「もう」「まだ」 name no other topic
    ("この計画もう終わったの？", ENDED),
])
def test_questions_about_the_plan_itself_are_answered_from_its_data(after_the_plan, text, first):
    reply = ask(after_the_plan, text)
    assert reply.answered and reply.text.splitlines()[0] == first


@pytest.mark.parametrize("text", ["Is this ICT guideline still valid?", "Is this plan finished?"])
def test_an_english_question_about_the_plan_says_it_has_ended(after_the_plan, text):
    reply = ask(after_the_plan, text)
    assert reply.lang == "en" and reply.text.startswith("The Morioka City ICT Utilization Promotion Guideline covers "
                                                        "FY2019 to FY2022. It has ended.")


def test_a_plan_word_with_a_topic_stays_with_the_measure(after_the_plan):
    reply = ask(after_the_plan, "Wi-Fiの計画はいつまで？")
    assert reply.matches[0].id == "1-4-1" and reply.text.startswith("計画期間（2019～2022年度）は2022年度で終了しました。")
