"""The citizen overviews the LINE rich menu opens: every measure's progress, and the staff's FAQ."""

import dataclasses
import datetime

from handlers import Incoming, dispatch
from tests.conftest import reported


def ask(context, text):
    """Dispatch a message as a citizen would send it."""
    return dispatch(Incoming(channel="line", user="test", text=text), context)


def test_the_progress_overview_counts_and_lists_every_measure(context, kb):
    reported(context.db, "1-3", "実施中", 40, "データセットを公開", "2021-05-10")
    reported(context.db, "4-2", "完了", None, "", "2021-05-20")
    reply = ask(context, "進捗一覧")
    lines = reply.text.splitlines()
    assert lines[1] == "20の施策のうち、完了1・実施中1・報告なし18です（2021年6月1日現在）。"
    assert "1-3 公共データのオープンデータ化の推進：実施中 40%（2021年5月10日）" in lines
    assert "4-2 職員研修・情報共有の実施：完了（2021年5月20日）" in lines
    assert sum(line.endswith("まだ報告がありません") for line in lines) == 18
    assert "終了しました" not in reply.text


def test_after_the_plan_the_overview_says_it_ended_and_where_the_work_went(context):
    later = dataclasses.replace(context, today=lambda: datetime.date(2026, 11, 29))
    text = ask(later, "進捗を見る").text
    assert "計画期間は2022年度で終了しました。" in text and "盛岡市デジタル化によるまちづくり推進戦略" in text


def test_the_faq_list_offers_each_entry_as_a_button(context):
    assert "まだありません" in ask(context, "よくある質問").text
    for question in ("指針の冊子はどこでもらえますか？", "説明会はありますか？"):
        context.db["faq"].insert({"question": question, "answer": "回答", "created_at": "2021-05-01"})
    reply = ask(context, "よくある質問")
    assert "1. 指針の冊子はどこでもらえますか？" in reply.text
    assert [c.command for c in reply.choices[:2]] == ["show faq faq-1", "show faq faq-2"]
    shown = dispatch(Incoming(channel="line", user="test", postback=reply.choices[1].command), context)
    assert shown.answered and "説明会はありますか？" in shown.text


def test_before_any_report_the_summary_says_so_plainly(context):
    assert ask(context, "進捗一覧").text.splitlines()[1] == "20の施策のうち、進捗の報告があった施策はまだありません（2021年6月1日現在）。"
