"""Charts drawn as inline SVG (no external library, works offline), always with text beside them."""

import datetime

from markupsafe import Markup, escape

from handlers.overview import NOT_REPORTED
from handlers.status import ENDED_UNREPORTED, NONE_YET, PLANNED, Standing, StepState
from handlers.wording import japanese_date, shorten

# Status colours: each has at least 4.5:1 contrast with white text; the status is also always written as text.
COLOURS = {"未着手": "#8a4b00", "検討中": "#0b57d0", "実施中": "#137333", "完了": "#5b2c9f", "休止": "#b3261e",
           NOT_REPORTED: "#5f6368", NONE_YET: "#5f6368", ENDED_UNREPORTED: "#5f6368", PLANNED: "#5f6368"}
BAR_WORDS = {NONE_YET: "報告待ち", ENDED_UNREPORTED: "報告なし"}  # short enough for a one-year bar
LABEL_WIDTH, YEAR_WIDTH, ROW, TOP, LABEL_CHARACTERS = 300, 120, 32, 58, 17


def status_of(row: Standing) -> str:
    """A measure's status as citizens read it: its latest report's, or that none has come yet."""
    return row.latest["status"] if row.latest else NONE_YET


def year_position(day: datetime.date, first_fy: int, years: int) -> float:
    """Where a date falls on the timeline's x axis."""
    start = datetime.date(first_fy, 4, 1)
    end = datetime.date(first_fy + years, 4, 1)
    return LABEL_WIDTH + (day - start).days / (end - start).days * YEAR_WIDTH * years


def timeline(rows: list[tuple[Standing, list[StepState]]], first_fy: int, last_fy: int,
             today: datetime.date) -> Markup:
    """Every step of every measure across the plan's fiscal years, each coloured by its own state."""
    years = last_fy - first_fy + 1
    steps = [(row, state) for row, states in rows for state in states]
    width, height = LABEL_WIDTH + YEAR_WIDTH * years + 10, TOP + ROW * len(steps) + 10
    parts = [f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">',
             '<title id="timeline-title">取組の工程のタイムライン</title>',
             f'<desc id="timeline-desc">{len(steps)}の工程を年度ごとの横棒で示し、各工程の状況を色と文字で示します。'
             '同じ内容を工程の一覧にも載せています。</desc>']
    for n in range(years):
        x = LABEL_WIDTH + n * YEAR_WIDTH
        parts.append(f'<rect x="{x}" y="{TOP - 30}" width="{YEAR_WIDTH}" height="{height - TOP + 30}" '
                     f'fill="{"#f1f3f4" if n % 2 == 0 else "#ffffff"}"/>')
        parts.append(f'<text x="{x + YEAR_WIDTH / 2}" y="{TOP - 10}" text-anchor="middle" class="axis">'
                     f'{first_fy + n}年度</text>')
    for index, (row, state) in enumerate(steps):
        parts.append(step_bar(row, state, TOP + index * ROW, first_fy))
    parts.append(today_marker(today, first_fy, years, height))
    parts.append("</svg>")
    return Markup("".join(parts))


def step_bar(row: Standing, state: StepState, y: int, first_fy: int) -> str:
    """One step: its label on the left, its span as a bar with its own state written on it."""
    step = state.step
    x1 = LABEL_WIDTH + (step.start_fy - first_fy) * YEAR_WIDTH + 3
    x2 = LABEL_WIDTH + (step.end_fy - first_fy + 1) * YEAR_WIDTH - 3
    full = f"{row.measure.number} {step.step}：{state.state}"
    label = escape(shorten(f"{row.measure.number} {step.step}", LABEL_CHARACTERS))  # cut, then escape whole
    dashed = ' stroke-dasharray="5 3" stroke="#202124" stroke-width="1.5"' if step.approximate else ""
    return (f'<g><title>{escape(full)}</title>'
            f'<text x="4" y="{y + 21}" class="step">{label}</text>'
            f'<rect x="{x1}" y="{y + 4}" width="{x2 - x1}" height="{ROW - 8}" rx="4" '
            f'fill="{COLOURS[state.state]}"{dashed}/>'
            f'<text x="{x1 + 8}" y="{y + 21}" class="bar">{escape(BAR_WORDS.get(state.state, state.state))}</text></g>')


def today_marker(today: datetime.date, first_fy: int, years: int, height: int) -> str:
    """A line for today inside the plan, its label in a row of its own; after the plan, none (the page says so)."""
    if not datetime.date(first_fy, 4, 1) <= today < datetime.date(first_fy + years, 4, 1):
        return ""
    x = year_position(today, first_fy, years)
    room = 100  # half the label's width: the label moves in from the edges, the line stays on the date
    label_x = min(max(x, LABEL_WIDTH + room), LABEL_WIDTH + YEAR_WIDTH * years - room)
    return (f'<line x1="{x}" y1="{TOP - 2}" x2="{x}" y2="{height}" class="today"/>'
            f'<text x="{label_x}" y="{TOP - 36}" text-anchor="middle" class="today-label">'
            f'今日（{japanese_date(today)}）</text>')


def status_bars(counts: dict[str, int]) -> Markup:
    """A horizontal bar per status with its count written beside it."""
    top = max(counts.values()) or 1
    height = 34 * len(counts) + 10
    parts = [f'<svg class="bars" viewBox="0 0 360 {height}" role="img" aria-labelledby="bars-title" '
             'xmlns="http://www.w3.org/2000/svg"><title id="bars-title">状況別の施策数（数値は隣の表）</title>']
    for index, (state, count) in enumerate(counts.items()):
        y = 8 + index * 34
        parts.append(f'<text x="0" y="{y + 19}" class="axis">{escape(state)}</text>')
        parts.append(f'<rect x="90" y="{y}" width="{max(2, 220 * count / top):.1f}" height="26" rx="3" '
                     f'fill="{COLOURS[state]}"/>')
        parts.append(f'<text x="{98 + 220 * count / top:.1f}" y="{y + 19}" class="axis">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
