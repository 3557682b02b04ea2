"""Looking ahead: the steps of every measure scheduled in a fiscal year."""

import re
import unicodedata

from handlers.context import Context
from handlers.messages import Choice, Incoming, Reply
from handlers.milestones import milestones
from handlers.wording import fiscal_year_label, fiscal_year_of, outside_the_plan, span_label

FISCAL_YEAR = r"(?:[0-9]{4}年度|令和(?:元|[0-9]{1,2})年度|R[0-9]{1,2}|FY[0-9]{4}|今年度|本年度|来年度|昨年度|前年度)"
REIWA = re.compile(r"^(?:令和|r)(元|[0-9]{1,2})(?:年度)?$")
WESTERN = re.compile(r"^(?:fy)?([0-9]{4})(?:年度)?$")


def fiscal_year_in(text: str, ctx: Context) -> int | None:
    """Read 「2021年度」, 「令和3年度」, 「R3」, 「FY2021」, 「今年度」 or 「来年度」 as a fiscal year."""
    folded = unicodedata.normalize("NFKC", text or "").strip().lower().replace(" ", "")
    this_year = fiscal_year_of(ctx.today())
    relative = {"": this_year, "今年度": this_year, "本年度": this_year, "来年度": this_year + 1, "昨年度": this_year - 1,
                "前年度": this_year - 1}
    if folded in relative:
        return relative[folded]
    reiwa, western = REIWA.match(folded), WESTERN.match(folded)
    if reiwa:
        return 2018 + (1 if reiwa.group(1) == "元" else int(reiwa.group(1)))
    return int(western.group(1)) if western else None


def show_schedule(ctx: Context, incoming: Incoming, match: re.Match) -> Reply:
    """「2021年度の予定」でその年度の工程を一覧します。"""
    fiscal_year = fiscal_year_in(match.group("fy") or "", ctx)
    plan = ctx.kb.guideline
    if fiscal_year is None:
        return Reply(f"年度「{match.group('fy')}」が分かりません。「2021年度の予定」や「令和3年度の予定」のように送ってください。")
    if fiscal_year not in plan.fiscal_years:
        return Reply(outside_the_plan(fiscal_year, plan))
    lines = [f"【{fiscal_year_label(fiscal_year)}の工程】"]
    for measure in ctx.kb.measures:
        steps = measure.steps_in(fiscal_year)
        if steps:
            lines.append(f"■{measure.number} {measure.title}")
            lines += [f"・{s.step}（{span_label(s.start_fy, s.end_fy)}）" for s in steps]
    due = [m for m in milestones(ctx.kb) if m.fiscal_year == fiscal_year and m.kind != "start"]
    lines.append(f"この年度の節目（報告・完了）：{len(due)}件。工程の年度は目安です。")
    choices = [Choice(f"{fiscal_year_label(fy)[:5]}の予定", f"{fy}年度の予定") for fy in plan.fiscal_years
               if fy != fiscal_year]
    return Reply("\n".join(lines), choices=choices)
