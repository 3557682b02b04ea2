"""Replies in English from the unofficial translation of the knowledge, the Japanese title alongside."""

from handlers import facets, passages
from handlers.context import Context
from handlers.facets import Facet
from handlers.messages import Card, Choice, Reply
from handlers.wording import fiscal_year_of, plan_over, shorten
from knowledge.model import Entry, Measure
from knowledge.search import Result

LABEL = "(Unofficial English translation; the Japanese original prevails.)"
KIND_LABELS = {"measure": "Measure", "term": "Term", "past_measure": "Earlier plan", "section": "Guideline",
               "item": "Item", "direction": "Direction", "faq": "FAQ"}
SECTION_LIMIT = 700
HEDGE_LIMIT = 120  # characters of an overview or definition in a hedged first line
LANGUAGE_NOTES = {
    "zh": "这是英文回答（非官方翻译）。如有疑问，请联系盛冈市总务部信息企划课。",
    "ko": "영어로 답변드립니다(비공식 번역). 문의는 모리오카시 총무부 정보기획과로 해 주세요.",
}
STATUS = {"実施中": "in progress", "完了": "completed", "未着手": "not started", "検討中": "under study", "休止": "on hold"}


def translated(ctx: Context, entry: Entry) -> dict:
    """The English fields of an entry."""
    return ctx.kb.translations.of("en", entry.kind, entry.id)


def title_of(ctx: Context, kind: str, entry_id: str, japanese: str) -> str:
    """An entry's English title, or its Japanese one when it has none (a staff FAQ)."""
    table = ctx.kb.translations.of("en", kind, entry_id)
    return table.get("title") or table.get("headword") or japanese


def department(ctx: Context, name: str) -> str:
    """A department's English name."""
    return ctx.kb.translations.table("en", "departments").get(name, name)


def span(start: int, end: int) -> str:
    """A span of fiscal years in English."""
    return f"FY{start}" if start == end else f"FY{start}–FY{end}"


def step_years(name: str, step) -> str:
    """A step's English name with its fiscal years, e.g. "Study (FY2019–FY2021)"."""
    return f"{name} ({span(step.start_fy, step.end_fy)})"


def source(ctx: Context, entry: Entry, extra: str = "") -> str:
    """Where the entry is printed, naming the guideline in English and Japanese."""
    title = ctx.kb.translations.table("en", "guideline").get("title", "")
    return f"(Source: {title} ({ctx.kb.guideline.title}), {entry.source.cite()}{extra})"


def answer(ctx: Context, entry: Entry, facet: Facet, question: str) -> Reply:
    """An entry in English, the asked facet first."""
    compose = {"measure": measure, "term": term, "past_measure": past_measure, "section": section,
               "item": item, "direction": direction}[entry.kind]
    return compose(ctx, entry, facet, question)


def measure_lead(ctx: Context, m: Measure, facet: Facet) -> list[str]:
    """The lines that answer the asked facet of a measure directly."""
    english = translated(ctx, m)
    name = f"Measure {m.number} \"{english['title']}\""
    if facet.name == "who" and facet.department:
        asked = department(ctx, facet.department)
        if m.is_for(facet.department):
            return [f"Yes. The {asked} is among the departments leading {name} ({english['departments_text']})."]
        return [f"No. The {asked} is not named among the departments leading {name} "
                f"(responsible: {english['departments_text']})."]
    if facet.name == "who":
        return [f"{name} is led by: {english['departments_text']}."]
    schedule = "; ".join(step_years(step, s) for step, s in zip(english["schedule"], m.schedule))
    plan = ctx.kb.guideline
    if facet.name == "when":
        case, steps = facets.steps_asked(ctx, m, facet.fiscal_year)
        asked = [(name, s) for name, s in zip(english["schedule"], m.schedule) if s in steps]
        named = [step_years(name, s) for name, s in asked]
        if case == "year":
            return [f"Steps in FY{facet.fiscal_year}: " + ("; ".join(named) or "none scheduled") + "."]
        if case == "ended":
            return [f"The plan period (FY{plan.start_fy}–FY{plan.end_fy}) ended in FY{plan.end_fy}. "
                    f"Schedule: {schedule}.", progress_line(ctx, m), *filter(None, [successor(ctx)])]
        return [f"Steps in FY{fiscal_year_of(ctx.today())}: "
                + ("; ".join(name for name, _ in asked) or "none") + ".",
                f"Schedule: {schedule}."]
    if facet.name == "progress":
        ended = [f"The plan period ended in FY{plan.end_fy}.", successor(ctx)] if plan_over(ctx) else []
        return [progress_line(ctx, m), *filter(None, ended)]
    return []


def successor(ctx: Context) -> str:
    """Where the plan that followed is, in English; "" when none is named."""
    plan = ctx.kb.guideline
    if not plan.successor_title:
        return ""
    name = ctx.kb.translations.table("en", "guideline").get("successor_title", plan.successor_title)
    where = f" ({plan.successor_url})" if plan.successor_url else ""
    return f"Its work continues under the {name} (「{plan.successor_title}」){where}."


def progress_line(ctx: Context, m: Measure) -> str:
    """The latest reported progress in English (the staff's note stays in Japanese)."""
    report = ctx.latest_progress(m.number)
    if not report:
        return f"No progress has been reported for measure {m.number} yet."
    percent = f" {report['percent']}%" if report.get("percent") is not None else ""
    note = f" (note in Japanese: {report['note']})" if report.get("note") else ""
    return (f"Latest progress of measure {m.number}: {STATUS.get(report['status'], report['status'])}{percent}, "
            f"reported {report['reported_on']}{note}.")


def measure(ctx: Context, m: Measure, facet: Facet, question: str) -> Reply:
    """A measure in English: facet, overview, initiatives, schedule, departments."""
    english = translated(ctx, m)
    lead = measure_lead(ctx, m, facet)
    schedule = [f"- {step} ({span(s.start_fy, s.end_fy)}{', approximate' if s.approximate else ''})"
                for step, s in zip(english["schedule"], m.schedule)]
    lines = [
        *lead, *([""] if lead else []),
        f"[Measure {m.number}] {english['title']} ({m.title})", LABEL, "",
        f"Overview: {english['overview']}",
        "Main initiatives:\n" + "\n".join(f"- {line}" for line in english.get("initiatives", [])),
        "Schedule:\n" + "\n".join(schedule),
        f"Responsible departments: {english['departments_text']}",
        *([] if lead else [progress_line(ctx, m)]),
        source(ctx, m),
    ]
    card = Card("measure", m.number, english["title"], f"Measure {m.number}", shorten(english["overview"], 120),
                (("Departments", english["departments_text"]), ("Japanese title", m.title)), m.source.cite(),
                tuple(lead))
    choices = [Choice("Follow this measure", f"follow {m.number}"), Choice("Help", "help en")]
    return Reply("\n".join(lines), card=card, choices=choices, lang="en", facet=facet.name)


def term(ctx: Context, entry, facet: Facet, question: str) -> Reply:
    """A glossary term in English: its definition first."""
    english = translated(ctx, entry)
    lines = [f"{english['headword']}: {english['definition']}",
             f"[Term] {english['headword']} ({entry.headword})", LABEL,
             source(ctx, entry, f" note {entry.footnote}")]
    card = Card("term", entry.headword, english["headword"], "Term", shorten(english["definition"], 300),
                (("Japanese", entry.headword),), entry.source.cite())
    return Reply("\n".join(lines), card=card, choices=[Choice("Help", "help en")], lang="en", facet="definition")


def past_measure(ctx: Context, entry, facet: Facet, question: str) -> Reply:
    """A measure of the earlier plans in English: its result first."""
    english = translated(ctx, entry)
    statuses = ctx.kb.translations.table("en", "statuses")
    status = statuses.get(entry.status, entry.status) if entry.status else "Listed again under another category"
    category = ctx.kb.translations.of("en", "category", entry.category).get("title", entry.category)
    lines = [f"\"{english['title']}\" was an earlier-plan measure (Morioka City Informatization Basic Plan, "
             f"{entry.periods}). Result: {status}.",
             f"[Earlier plan] {english['title']} ({entry.title}) — {category}", LABEL]
    if english.get("note"):
        lines.append(f"Note: {english['note']}")
    lines.append(source(ctx, entry))
    card = Card("past_measure", entry.id, english["title"], "Earlier plan", f"Result: {status}",
                (("Japanese title", entry.title),), entry.source.cite())
    return Reply("\n".join(lines), card=card, choices=[Choice("Help", "help en")], lang="en", facet="progress")


def section(ctx: Context, entry, facet: Facet, question: str) -> Reply:
    """A part of the guideline in English: the passage that matches the question."""
    english = translated(ctx, entry)
    passage = passages.best_passage(question, english["text"], SECTION_LIMIT)
    lines = [f"[{english['title']}] ({entry.title})", passage, LABEL,
             source(ctx, entry)]
    card = Card("section", entry.id, english["title"], english.get("heading", english["title"]),
                shorten(english["text"], 300), source=entry.source.cite())
    return Reply("\n".join(lines), card=card, choices=[Choice("Help", "help en")], lang="en", facet="overview")


def item(ctx: Context, entry, facet: Facet, question: str) -> Reply:
    """A 推進項目 in English, with its measures."""
    english = translated(ctx, entry)
    measures = [m for m in ctx.kb.measures if m.item == entry.number]
    lines = [f"[Item {entry.number}] {english['title']} ({entry.title})", shorten(english["text"], SECTION_LIMIT),
             "Measures: " + "; ".join(f"{m.number} {title_of(ctx, 'measure', m.number, m.title)}" for m in measures),
             LABEL]
    card = Card("item", entry.number, english["title"], f"Item {entry.number}", shorten(english["text"], 300),
                source=entry.source.cite())
    choices = [Choice(shorten(f"{m.number} {title_of(ctx, 'measure', m.number, m.title)}", 20),
                      f"show measure {m.number} en") for m in measures]
    return Reply("\n".join(lines), card=card, choices=choices, lang="en", facet="overview")


def direction(ctx: Context, entry, facet: Facet, question: str) -> Reply:
    """A 方向性 in English, with its items."""
    english = translated(ctx, entry)
    items = [i for i in ctx.kb.items if i.direction == entry.number]
    lines = [f"[Direction {entry.number}] {english['title']} ({entry.title})", english["text"],
             "Items: " + "; ".join(f"{i.number} {title_of(ctx, 'item', i.number, i.title)}" for i in items), LABEL]
    card = Card("direction", entry.number, english["title"], f"Direction {entry.number}",
                shorten(english["text"], 300), source=entry.source.cite())
    choices = [Choice(shorten(f"{i.number} {title_of(ctx, 'item', i.number, i.title)}", 20),
                      f"show item {i.number} en") for i in items]
    return Reply("\n".join(lines), card=card, choices=choices, lang="en", facet="overview")


def plan_reply(ctx: Context, facet: Facet, entry: Entry | None, matches: list, language: str) -> Reply:
    """When the guideline runs and who runs it, in English, with the section that says so."""
    plan = ctx.kb.guideline
    guideline = ctx.kb.translations.table("en", "guideline")
    if facet.name == "who":
        first = (f"The {guideline.get('title')} is run by the {guideline.get('policy_office')} "
                 f"({plan.policy_office}), Morioka City.")
    else:
        state = f"It has ended. {successor(ctx)}".strip() if plan_over(ctx) else "It is in force."
        first = f"The {guideline.get('title')} covers FY{plan.start_fy} to FY{plan.end_fy}. {state}"
    body = section(ctx, entry, facet, "") if entry else Reply("")
    return Reply("\n".join([*notes(language), first, "", body.text]), answered=True, matches=matches, card=body.card,
                 choices=body.choices, lang=language, facet=facet.name)


def department_reply(ctx: Context, japanese: str, named: list, everyone: list, matches: list, language: str,
                     fiscal_year: int | None = None) -> Reply:
    """The measures a department leads, in English; first their steps in a fiscal year, when one is asked."""
    name = department(ctx, japanese)
    listed = "; ".join(f"{m.number} {title_of(ctx, 'measure', m.number, m.title)}" for m in named) or "none"
    year_lines = []
    plan = ctx.kb.guideline
    if fiscal_year is not None and fiscal_year not in plan.fiscal_years:
        year_lines = [f"FY{fiscal_year} is outside the guideline's period (FY{plan.start_fy}–FY{plan.end_fy})."]
    elif fiscal_year is not None:
        due = []
        for m in named + everyone:
            steps = [step_years(step, s) for step, s in zip(translated(ctx, m)["schedule"], m.schedule)
                     if s.runs_in(fiscal_year)]
            due += [f"- {m.number}: {'; '.join(steps)}"] if steps else []
        year_lines = [f"Steps in FY{fiscal_year} of the measures the {name} takes part in:"
                      + ("" if due else " none scheduled."), *due, ""]
    lines = [*notes(language), *year_lines, f"The {name} is named for {len(named)} measures: {listed}."]
    if everyone:
        lines.append(f"It also shares the {len(everyone)} measures led by all implementing departments: "
                     + "; ".join(f"{m.number} {title_of(ctx, 'measure', m.number, m.title)}" for m in everyone) + ".")
    choices = [Choice(shorten(f"{m.number} {title_of(ctx, 'measure', m.number, m.title)}", 20),
                      f"show measure {m.number} en") for m in named[:10]]
    return Reply("\n".join([*lines, LABEL]), answered=True, matches=matches, choices=choices, lang=language,
                 facet="when" if year_lines else "who")


def hedge(ctx: Context, guess: Entry | None, facet: Facet) -> str:
    """The best guess's answer to what was asked, hedged, for the first line of a "did you mean" reply, or ""."""
    if guess is None or facet.name == "overview":
        return ""
    table = translated(ctx, guess)
    if guess.kind == "measure":
        asked = facet.name in facets.HEDGED
        lead = measure_lead(ctx, guess, facet) if asked else [shorten(table["overview"], HEDGE_LIMIT)]
        return f"If you mean measure {guess.number}: {lead[0]}" if lead else ""
    if guess.kind == "term":
        return f"If you mean {table['headword']}: {shorten(table['definition'], HEDGE_LIMIT)}"
    return ""


def candidates(ctx: Context, result: Result, language: str, facet: Facet, guess: Entry | None) -> Reply:
    """「もしかして」 in English: up to five entries as buttons; the best guess's answer first, hedged."""
    lead = hedge(ctx, guess, facet)
    lines = [*notes(language), *([lead] if lead else []), "Did you mean one of these?"]
    choices = []
    for number, match in enumerate(result.offered, 1):
        title = title_of(ctx, match.kind, match.id, match.title)
        lines.append(f"{number}. {KIND_LABELS.get(match.kind, '')} {match.id if match.kind == 'measure' else ''} "
                     f"{title}".replace("  ", " "))
        choices.append(Choice(shorten(title, 20), f"show {match.kind} {match.id} en"))
    lines.append("Press a button, or ask again in other words.")
    lines.append(f"If none fits, please ask the city: {ctx.inquiry_url}")
    return Reply("\n".join(lines), matches=result.matches, choices=choices, lang=language,
                 facet=facet.name if lead and facet.name in facets.HEDGED else "candidates")


def decline(ctx: Context, result: Result | None, language: str) -> Reply:
    """An honest decline in English: what the bot covers and where to ask instead."""
    office = ctx.kb.translations.table("en", "guideline").get("policy_office", ctx.kb.guideline.policy_office)
    lines = [
        *notes(language),
        "Sorry, I can't answer that question.",
        f"I answer questions about Morioka City's ICT Utilization Promotion Guideline (FY{ctx.kb.guideline.start_fy}–"
        f"FY{ctx.kb.guideline.end_fy}): its measures, terms, progress and the earlier plans.",
        f"For the guideline, please contact the {office}, Morioka City. For other city services, "
        f"see the city's inquiry page: {ctx.inquiry_url}",
        ctx.contact.english(office),
        "Try, for example: \"What is open data?\", \"Is there free Wi-Fi?\", \"Can I apply online?\"",
    ]
    return Reply("\n".join(lines), matches=result.matches if result else [], choices=[Choice("Help", "help en")],
                 lang=language, facet="decline")


def notes(language: str) -> list[str]:
    """The one line in the asker's language for Chinese and Korean questions."""
    return [LANGUAGE_NOTES[language]] if language in LANGUAGE_NOTES else []
