"""Small pieces of Japanese wording shared by the replies."""

import datetime

REIWA_START = 2019


def fiscal_year_label(fiscal_year: int) -> str:
    """Name a fiscal year as the guideline does: 令和元年度 for 2019."""
    if fiscal_year < REIWA_START:
        return f"{fiscal_year}年度"
    era_year = fiscal_year - REIWA_START + 1
    return f"令和{'元' if era_year == 1 else era_year}年度（{fiscal_year}年度）"


def span_label(start_fy: int, end_fy: int) -> str:
    """Name a span of fiscal years, e.g. 令和元年度～令和2年度."""
    if start_fy == end_fy:
        return fiscal_year_label(start_fy)
    return f"{fiscal_year_label(start_fy)}～{fiscal_year_label(end_fy)}"


def outside_the_plan(fiscal_year: int, plan) -> str:
    """Say a fiscal year lies outside the plan's period: 「令和8年度（2026年度）は指針の対象期間（…）の外です。」"""
    return f"{fiscal_year_label(fiscal_year)}は指針の対象期間（{span_label(plan.start_fy, plan.end_fy)}）の外です。"


def fiscal_year_of(day: datetime.date) -> int:
    """Return the Japanese fiscal year (April to March) a date falls in."""
    return day.year if day.month >= 4 else day.year - 1


def escape_markup(text: str) -> str:
    """Escape the characters Slack's markup gives meaning to, so text cannot mention everyone or forge links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    """Cut text to a length, ending with an ellipsis when cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def no_such_measure(kb, raw: str) -> str:
    """Say a measure number does not exist, and which numbers do (from the knowledge)."""
    return f"施策「{raw}」はありません。施策番号は {kb.measures[0].number} から {kb.measures[-1].number} までです。"


def plan_over(ctx) -> bool:
    """Tell whether today is past the plan's last fiscal year."""
    return plan_ended(ctx.kb.guideline, ctx.today())


def plan_ended(plan, today: datetime.date) -> bool:
    """Tell whether a day is past the plan's last fiscal year."""
    return fiscal_year_of(today) > plan.end_fy


def japanese_date(day: datetime.date | str) -> str:
    """A date, or an ISO date or timestamp as stored, as residents write it: 2026年11月29日."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def successor_line(plan) -> str:
    """Where the plan that followed is, for a reply or page saying this plan has ended; "" when none is named."""
    if not plan.successor_title:
        return ""
    where = f"（{plan.successor_url}）" if plan.successor_url else ""
    return f"その後の取組は「{plan.successor_title}」{where}に引き継がれています。"
