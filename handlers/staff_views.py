"""The staff's picture in Slack's markup: all measures, one measure's history, the App Home."""

from handlers import progress
from handlers.leaders import Leader
from handlers.status import Standing, counts
from handlers.wording import escape_markup as escape
from handlers.wording import fiscal_year_of

STALE = "⚠️ 要更新"


def standing_line(row: Standing) -> str:
    """One measure's line in the overview."""
    latest = escape(progress.describe(row.latest)) if row.latest else "未報告"
    stale = f"　{STALE}（{row.last_milestone.date} の{row.last_milestone.what}以降の報告なし）" if row.stale else ""
    return f"*{row.measure.number}* {row.measure.title} — {latest}{stale}"


def overview(rows: list[Standing]) -> str:
    """All measures at a glance, with counts by status."""
    tally = "　".join(f"{status} {count}" for status, count in counts(rows).items())
    stale = sum(row.stale for row in rows)
    return "\n".join([f"*施策の進捗（{len(rows)}施策）* {tally}　要更新 {stale}", *map(standing_line, rows)])


def measure_history(row: Standing, history: list[dict]) -> str:
    """One measure's latest progress and every report, correction and withdrawal."""
    lines = [standing_line(row)]
    if row.next_milestone:
        lines.append(f"次の節目：{row.next_milestone.date} {row.next_milestone.step}（{row.next_milestone.what}）")
    lines.append("*履歴*" if history else "報告はまだありません。")
    kinds = {"report": "報告", "correction": "訂正", "withdrawal": "取り下げ"}
    for report in history:
        change = f"{report['previous_status'] or '未報告'} → {report['status']}"
        lines.append(f"・{report['reported_at'][:16].replace('T', ' ')} <@{report['reporter']}>"
                     f"（{escape(report['department'])}、{progress.VIAS.get(report['via'], report['via'])}）"
                     f" {kinds[report['kind']]}：{change}　{escape(progress.describe(report))}")
    return "\n".join(lines)


def home_lines(leader: Leader | None, rows: list[Standing], today) -> list[str]:
    """The App Home text for a leader (their measures) or anyone else."""
    if leader is None:
        return ["この bot には、指針の施策や用語について DM やメンションで質問できます。",
                "進捗の報告は、情報化推進リーダーとして登録された職員が行えます（登録は情報企画課へ）。"]
    role = "管理者" if leader.is_admin else "情報化推進リーダー"
    lines = [f"*{escape(leader.department)}* の{role}として登録されています（{fiscal_year_of(today)}年度）。", ""]
    for row in rows:
        upcoming = f"　次の節目：{row.next_milestone.date} {row.next_milestone.what}" if row.next_milestone else ""
        lines.append(standing_line(row) + upcoming)
    return lines
