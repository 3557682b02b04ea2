"""Charts drawn as inline SVG (no external library, works offline), always with text beside them."""

import datetime

from markupsafe import Markup, escape

from handlers.status import Standing
from handlers.wording import fiscal_year_label

# Status colours: each has at least 3:1 contrast on white; the status is also always written as text.
COLOURS = {"未報告": "#5f6368", "未着手": "#8a4b00", "検討中": "#0b57d0", "実施中": "#137333", "完了": "#5b2c9f",
           "休止": "#b3261e"}
LABEL_WIDTH, YEAR_WIDTH, ROW, TOP = 330, 110, 24, 34


def status_of(row: Standing) -> str:
    """A measure's status as shown: its latest report's, or 未報告."""
    return row.latest["status"] if row.latest else "未報告"


def year_position(day: datetime.date, first_fy: int, years: int) -> float:
    """Where a date falls on the timeline's x axis (clamped to the plan)."""
    start = datetime.date(first_fy, 4, 1)
    end = datetime.date(first_fy + years, 4, 1)
    share = (min(max(day, start), end) - start).days / (end - start).days
    return LABEL_WIDTH + share * YEAR_WIDTH * years


def timeline(rows: list[Standing], first_fy: int, last_fy: int, today: datetime.date) -> Markup:
    """Every step of every measure across the plan's fiscal years, coloured by progress, with today marked."""
    years = last_fy - first_fy + 1
    steps = [(row, step) for row in rows for step in row.measure.schedule]
    width, height = LABEL_WIDTH + YEAR_WIDTH * years + 10, TOP + ROW * len(steps) + 10
    parts = [f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">',
             '<title id="timeline-title">取組の工程のタイムライン</title>',
             f'<desc id="timeline-desc">{len(steps)}の工程を年度ごとの横棒で示し、色と文字で進捗状況を、'
             f'縦線で今日の位置を示します。数値は下の表にもあります。</desc>']
    for n in range(years):
        x = LABEL_WIDTH + n * YEAR_WIDTH
        label = escape(fiscal_year_label(first_fy + n).split("（")[0])
        parts.append(f'<rect x="{x}" y="{TOP - 4}" width="{YEAR_WIDTH}" height="{height - TOP}" '
                     f'fill="{"#f1f3f4" if n % 2 == 0 else "#ffffff"}"/>')
        parts.append(f'<text x="{x + YEAR_WIDTH / 2}" y="20" text-anchor="middle" class="axis">{label}</text>')
    for index, (row, step) in enumerate(steps):
        y = TOP + index * ROW
        state = status_of(row)
        x1 = LABEL_WIDTH + (step.start_fy - first_fy) * YEAR_WIDTH + 3
        x2 = LABEL_WIDTH + (step.end_fy - first_fy + 1) * YEAR_WIDTH - 3
        label = escape(f"{row.measure.number} {step.step}")
        parts.append(f'<text x="4" y="{y + 15}" class="step">{label[:24]}{"…" if len(label) > 24 else ""}</text>')
        dashed = ' stroke-dasharray="4 2" stroke="#202124"' if step.approximate else ""
        parts.append(f'<rect x="{x1}" y="{y + 3}" width="{x2 - x1}" height="{ROW - 6}" rx="3" '
                     f'fill="{COLOURS[state]}"{dashed}/>')
        parts.append(f'<text x="{x1 + 6}" y="{y + 16}" class="bar">{escape(state)}</text>')
    marker = year_position(today, first_fy, years)
    parts.append(f'<line x1="{marker}" y1="{TOP - 8}" x2="{marker}" y2="{height}" class="today"/>')
    parts.append(f'<text x="{min(marker + 4, width - 60)}" y="{TOP - 10}" class="today-label">今日</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def status_bars(counts: dict[str, int]) -> Markup:
    """A horizontal bar per status with its count written beside it."""
    top = max(counts.values()) or 1
    height = 28 * len(counts) + 10
    parts = [f'<svg class="bars" viewBox="0 0 420 {height}" role="img" aria-labelledby="bars-title" '
             'xmlns="http://www.w3.org/2000/svg"><title id="bars-title">状況別の施策数（数値は隣の表）</title>']
    for index, (state, count) in enumerate(counts.items()):
        y = 8 + index * 28
        parts.append(f'<text x="0" y="{y + 15}" class="axis">{escape(state)}</text>')
        parts.append(f'<rect x="70" y="{y}" width="{max(2, 300 * count / top):.1f}" height="20" rx="3" '
                     f'fill="{COLOURS[state]}"/>')
        parts.append(f'<text x="{78 + 300 * count / top:.1f}" y="{y + 15}" class="axis">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
