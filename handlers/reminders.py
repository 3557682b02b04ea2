"""What is due on a day: reminders, stale nudges, escalations, the digest and news for followers.

Pure computation over the knowledge, the database and a date: nothing here sends anything.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

import sqlite_utils

from handlers import inbox, leaders, milestones, progress, status
from handlers.messages import Notice
from handlers.wording import fiscal_year_label, japanese_date
from handlers.workdays import is_working_day, on_or_after
from knowledge.model import Knowledge, Measure


@dataclass(frozen=True)
class Settings:
    """How early and how insistently the bot reminds."""

    days_before: int = 14  # reminder ahead of a milestone
    stale_grace: int = 7  # days after a milestone before a stale measure's leaders are nudged
    escalate_after: int = 14  # further days before the ICT policy office is told
    lookback: int = 7  # a run catches up on what fell due this many days back (a missed day, a failure)
    digest_weekday: int = 0  # Monday
    staff_channel: str = ""


def leaders_of(db: sqlite_utils.Database, measure: Measure) -> list[str]:
    """Slack IDs of the leaders of the departments named for a measure."""
    return [row.slack_user for row in leaders.everyone(db) if row.department in measure.departments]


def admins(db: sqlite_utils.Database) -> list[str]:
    """Slack IDs of the ICT policy office's administrators."""
    return [row.slack_user for row in leaders.everyone(db) if row.is_admin]


def grouped(kb: Knowledge) -> dict[tuple[str, datetime.date], list[milestones.Milestone]]:
    """Milestones by measure and date, so one message covers every step due that day."""
    groups: dict[tuple[str, datetime.date], list[milestones.Milestone]] = defaultdict(list)
    for milestone in milestones.milestones(kb):
        groups[(milestone.measure, milestone.date)].append(milestone)
    return groups


def due_text(measure: Measure, items: list[milestones.Milestone], days: int | None) -> str:
    """The reminder's wording: measure, steps, what is due and how to report."""
    when = f"{days}日後の {items[0].date}" if days else f"本日 {items[0].date}"
    steps = "\n".join(f"・{m.step}：{m.what}（{fiscal_year_label(m.fiscal_year)}）" for m in items)
    return (f"施策 {measure.number}「{measure.title}」の工程の節目が{when}です。\n{steps}\n"
            f"進捗は「進捗を報告」ボタン、または `/ict progress {measure.number} 実施中 60% メモ` で報告してください。")


def window(today: datetime.date, settings: Settings) -> tuple[datetime.date, datetime.date]:
    """The send dates a run on `today` covers: today and the lookback days before it."""
    return today - datetime.timedelta(days=settings.lookback), today


def milestone_notices(db, kb: Knowledge, today: datetime.date, settings: Settings) -> list[Notice]:
    """Reminders before and on each milestone, and milestone news for followers."""
    first, last = window(today, settings)
    notices = []
    for (number, day), items in grouped(kb).items():
        measure = kb.measure(number)
        steps = "、".join(m.step for m in items)
        before = on_or_after(day - datetime.timedelta(days=settings.days_before))
        on_day = on_or_after(day)
        for kind, send_on, days in (("before", before, settings.days_before), ("on_day", on_day, None)):
            if first <= send_on <= last:
                text = due_text(measure, items, days)
                notices += [Notice(kind, number, steps, day.isoformat(), user, "slack", send_on, text,
                                   {"button": number}) for user in leaders_of(db, measure)]
        if first <= on_day <= last:
            text = f"フォロー中の施策 {number}「{measure.title}」が工程の節目を迎えました（{japanese_date(day)}）：{steps}"
            notices += [Notice("follow_milestone", number, steps, day.isoformat(), ref, "line", on_day, text)
                        for ref in followers(db, number)]
    return notices


def stale_notices(db, kb: Knowledge, today: datetime.date, settings: Settings) -> list[Notice]:
    """Nudges to the leaders of a stale measure, then word to the ICT policy office."""
    first, last = window(today, settings)
    notices = []
    for row in status.everything(db, kb, today):
        milestone = row.last_milestone
        if not row.stale or milestone is None:
            continue
        nudge_on = on_or_after(milestone.date + datetime.timedelta(days=settings.stale_grace))
        escalate_on = on_or_after(nudge_on + datetime.timedelta(days=settings.escalate_after))
        number, title = row.measure.number, row.measure.title
        if first <= nudge_on <= last:
            text = (f"施策 {number}「{title}」は、{milestone.date} の節目（{milestone.step}：{milestone.what}）"
                    f"以降の進捗報告がありません。`/ict progress {number} …` で報告してください。")
            notices += [Notice("stale", number, "", milestone.date.isoformat(), user, "slack", nudge_on, text,
                               {"button": number}) for user in leaders_of(db, row.measure)]
        if first <= escalate_on <= last:
            text = (f"【要確認】施策 {number}「{title}」は {milestone.date} の節目以降、"
                    f"{(escalate_on - milestone.date).days}日間進捗報告がありません（担当：{row.measure.departments_text}）。")
            recipients = admins(db) + ([settings.staff_channel] if settings.staff_channel else [])
            notices += [Notice("escalate", number, "", milestone.date.isoformat(), who, "slack", escalate_on, text)
                        for who in recipients]
    return notices


def report_notices(db, kb: Knowledge, today: datetime.date, settings: Settings) -> list[Notice]:
    """News for followers of a measure that received a report in the lookback window."""
    first, _ = window(today, settings)
    rows = db.execute("select id, measure, reported_on from progress_reports where kind != 'withdrawal'"
                      " and reported_on >= ? and reported_on <= ? order by id", [first.isoformat(), today.isoformat()])
    notices = []
    for report_id, number, reported_on in rows:
        report = db["progress_reports"].get(report_id)
        text = f"フォロー中の施策 {number}「{kb.measure(number).title}」に進捗の報告がありました：{progress.describe(report)}"
        send_on = on_or_after(datetime.date.fromisoformat(reported_on))
        notices += [Notice("follow_report", number, report["step"] or "", str(report_id), ref, "line",
                           min(send_on, today), text) for ref in followers(db, number)]
    return notices


def digest_notice(db, kb: Knowledge, today: datetime.date, settings: Settings) -> list[Notice]:
    """The weekly digest for the staff channel, on the first working day of the week."""
    if not settings.staff_channel:
        return []
    monday = today - datetime.timedelta(days=today.weekday())
    send_on = on_or_after(monday + datetime.timedelta(days=settings.digest_weekday))
    if send_on.isocalendar()[:2] != monday.isocalendar()[:2] or not send_on <= today:
        return []
    week_ago = (send_on - datetime.timedelta(days=7)).isoformat()
    received = db.execute("select measure, status, percent, reported_on from progress_reports"
                          " where reported_on >= ? and reported_on < ? and kind != 'withdrawal' order by id",
                          [week_ago, send_on.isoformat()]).fetchall()
    soon = [m for m in milestones.milestones(kb) if send_on <= m.date <= send_on + datetime.timedelta(days=30)]
    stale = [row for row in status.everything(db, kb, send_on) if row.stale]
    lines = [f"*週間ダイジェスト（{send_on}）*", f"■この1週間の報告：{len(received)}件"]
    lines += [f"・{number} {state}{f' {percent}%' if percent is not None else ''}（{day}）"
              for number, state, percent, day in received]
    lines.append(f"■今後30日の節目：{len(soon)}件")
    lines += [f"・{m.date} {m.measure} {m.step}（{m.what}）" for m in soon]
    lines.append(f"■要更新の施策：{len(stale)}件")
    lines += [f"・{row.measure.number} {row.measure.title}（{row.last_milestone.date} 以降報告なし）" for row in stale]
    asked = inbox.statistics(db, since=week_ago)
    lines.append(f"■質問：{asked['asked']}件（自信をもって回答 {asked['answered']}件）、未回答のグループ {asked['open']}件")
    parked = db.execute("select count(*) from line_events where status = 'dead'").fetchone()[0]
    if parked:
        lines.append(f"■送れずに止まっている LINE のメッセージ：{parked}件（`flask --app bot events requeue` で再送）")
    return [Notice("digest", "", "", send_on.isoformat(), settings.staff_channel, "slack", send_on, "\n".join(lines))]


def followers(db: sqlite_utils.Database, number: str) -> list[str]:
    """LINE user references following a measure."""
    rows = db.execute("select user_ref from subscriptions where channel = 'line' and measure = ? order by user_ref",
                      [number])
    return [row[0] for row in rows]


def due(db: sqlite_utils.Database, kb: Knowledge, today: datetime.date, settings: Settings = Settings()) -> list[Notice]:
    """Every notice due by `today` (catching up `lookback` days); nothing on a weekend or holiday."""
    if not is_working_day(today):
        return []
    return (milestone_notices(db, kb, today, settings) + stale_notices(db, kb, today, settings)
            + report_notices(db, kb, today, settings) + digest_notice(db, kb, today, settings))
