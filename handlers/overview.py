"""Citizen overviews: where all 20 measures stand, and the FAQ the city's staff wrote."""

import datetime
import re

from handlers import inbox, progress, status
from handlers.context import Context
from handlers.messages import Choice, Incoming, Reply
from handlers.wording import japanese_date, plan_over, shorten, successor_line

NOT_REPORTED = "報告なし"  # a measure without any report, as the counts name it
FAQ_BUTTONS = 10  # LINE shows at most 13 quick replies; leave room for help


def summary(counts: dict[str, int], today: datetime.date) -> str:
    """「20の施策のうち、完了2・実施中6・報告なし12です（2026年11月29日現在）。」."""
    total, as_of = sum(counts.values()), f"（{japanese_date(today)}現在）"
    if counts.get(NOT_REPORTED, 0) == total:
        return f"{total}の施策のうち、進捗の報告があった施策はまだありません{as_of}。"
    parts = [f"{state}{counts[state]}" for state in (*reversed(progress.STATUSES), NOT_REPORTED) if counts.get(state)]
    return f"{total}の施策のうち、{'・'.join(parts)}です{as_of}。"


def public_counts(rows: list[status.Standing]) -> dict[str, int]:
    """How many measures stand at each status, with those never reported under 報告なし."""
    return {(NOT_REPORTED if state == "未報告" else state): n for state, n in status.counts(rows).items()}


def show_progress(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """20の施策の最新の状況を一覧で表示します。"""
    today = ctx.today()
    rows = status.everything(ctx.db, ctx.kb, today)
    lines = ["【施策の進捗】", summary(public_counts(rows), today)]
    if plan_over(ctx):
        lines.append(f"計画期間は{ctx.kb.guideline.end_fy}年度で終了しました。{successor_line(ctx.kb.guideline)}")
    for direction in ctx.kb.directions:
        lines.append(f"■方向性{direction.number} {direction.title}")
        lines += [f"{row.measure.number} {row.measure.title}：{standing_words(row)}" for row in rows
                  if row.measure.direction == direction.number]
    lines.append("施策番号を送ると（例：「1-3の進捗」）、その施策の詳しい報告をお見せします。")
    return Reply("\n".join(lines), choices=[Choice("施策の一覧", "list measures"), Choice("使い方", "help")],
                 facet="progress")


def standing_words(row: status.Standing) -> str:
    """A measure's latest status in a few words: 「実施中 40%（2026年11月29日）」 or 「まだ報告がありません」."""
    if row.latest is None:
        return status.NONE_YET
    percent = f" {row.latest['percent']}%" if row.latest["percent"] is not None else ""
    return f"{row.latest['status']}{percent}（{japanese_date(row.latest['reported_on'])}）"


def show_faq(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """市の職員が作成したよくある質問を表示します。"""
    entries = inbox.active_faq(ctx.db)
    if not entries:
        return Reply("市の職員が作成した「よくある質問」は、まだありません。指針について、ふだんの言葉で質問してください。",
                     choices=[Choice("使い方", "help")])
    lines = ["【よくある質問】市の職員が作成した回答です。ボタンを押すと回答を表示します。"]
    lines += [f"{number}. {entry['question']}" for number, entry in enumerate(entries, 1)]
    choices = [Choice(shorten(entry["question"], 20), f"show faq faq-{entry['id']}") for entry in entries[:FAQ_BUTTONS]]
    return Reply("\n".join(lines), choices=choices + [Choice("使い方", "help")])
