"""Turn search results into replies: an answer, 「もしかして」 candidates, or an honest decline."""

import dataclasses
import re

from handlers import english, facets, inbox, passages, smalltalk
from handlers.context import Context
from handlers.facets import Facet
from handlers.messages import Card, Choice, Incoming, Reply
from handlers.wording import (fiscal_year_label, fiscal_year_of, japanese_date, outside_the_plan, plan_over, shorten,
                              span_label, successor_line)
from knowledge.model import Direction, Entry, Item, Measure, PastMeasure, Section, Term
from knowledge.search import Match, Result

KIND_LABELS = {
    "measure": "施策", "term": "用語", "past_measure": "過去の計画の施策",
    "section": "指針の内容", "item": "推進項目", "direction": "方向性", "faq": "よくある質問",
}
EXAMPLES = ("「オープンデータとは」", "「無料Wi-Fiを増やす計画は？」", "「1-1-1の進捗」", "「指針の対象期間は」")
SECTION_LIMIT = 700
OVERVIEW = Facet("overview")
HEDGE_LIMIT = 80  # characters of an overview or definition in a hedged first line
NOT_DONE = re.compile(r"至りません|至らなかった|着手できな|未着手|実施しました|着手しました")


def show_command(kind: str, entry_id: str) -> str:
    """The button command that shows one entry."""
    return f"show {kind} {entry_id}"


def answer(ctx: Context, entry: Entry, result: Result | None = None, facet: Facet = OVERVIEW,
           language: str = "ja") -> Reply:
    """Answer with one entry's content and where it is printed, the asked facet first, in the asker's language."""
    question = result.focus if result else ""
    if language != "ja":
        reply = english.answer(ctx, entry, facet, question)
        reply.text = "\n".join([*english.notes(language), reply.text])
        if reply.card is not None:
            reply.card = dataclasses.replace(reply.card, lead=(*english.notes(language), *reply.card.lead))
        reply.lang = language
    else:
        compose = {"measure": measure_reply, "term": term_reply, "past_measure": past_measure_reply,
                   "section": section_reply, "item": item_reply, "direction": direction_reply}[entry.kind]
        reply = compose(ctx, entry, facet, question)
    reply.answered = True
    reply.matches = result.matches if result else []
    return reply


def measure_lead(ctx: Context, measure: Measure, facet: Facet) -> list[str]:
    """The lines that answer the asked facet of a measure directly."""
    name = f"施策{measure.number}「{measure.title}」"
    if facet.name == "who" and facet.department:
        if measure.is_for(facet.department):
            return [f"はい。{facet.department}は、{name}を主に推進する実施部門に含まれます（{measure.departments_text}）。"]
        return [f"いいえ。{facet.department}は、{name}の主に推進する実施部門に名前がありません"
                f"（担当：{measure.departments_text}）。"]
    if facet.name == "who":
        return [f"{name}を主に推進する実施部門は、{measure.departments_text}です。"]
    if facet.name == "when":
        return when_lead(ctx, measure, facet.fiscal_year)
    if facet.name == "progress":
        return progress_lead(ctx, measure)
    return []


def when_lead(ctx: Context, measure: Measure, fiscal_year: int | None) -> list[str]:
    """The steps for the asked fiscal year, or the whole schedule and that the plan has ended."""
    plan = ctx.kb.guideline
    schedule = "、".join(map(step_years, measure.schedule))
    case, steps = facets.steps_asked(ctx, measure, fiscal_year)
    if case == "year":
        if not steps:
            return [f"{fiscal_year_label(fiscal_year)}に予定された工程はありません。工程：{schedule}"]
        return [f"{fiscal_year_label(fiscal_year)}の工程：" + "、".join(map(step_years, steps))]
    if case == "ended":
        return [f"{plan_period(plan)}は{plan.end_fy}年度で終了しました。工程：{schedule}", final_state(ctx, measure),
                *filter(None, [successor_line(plan)])]
    return [f"{fiscal_year_label(fiscal_year_of(ctx.today()))}の工程：" + ("、".join(s.step for s in steps) or "ありません"),
            f"全体の工程：{schedule}"]


def step_years(step) -> str:
    """A step with its fiscal years, e.g. 「電子申請の可能性検討（2019～2021年度）」."""
    return f"{step.step}（{step.start_fy}～{step.end_fy}年度）"


def plan_period(plan) -> str:
    """「計画期間（2019～2022年度）」."""
    return f"計画期間（{plan.start_fy}～{plan.end_fy}年度）"


def progress_lead(ctx: Context, measure: Measure) -> list[str]:
    """The latest reported progress, or that nothing is reported; and whether the plan has ended."""
    progress = ctx.latest_progress(measure.number)
    first = (f"施策{measure.number}の最新の進捗：{progress_text(progress)}" if progress
             else f"施策{measure.number}「{measure.title}」の進捗は、まだ報告されていません。")
    plan = ctx.kb.guideline
    ended = [f"{plan_period(plan)}は{plan.end_fy}年度で終了しました。", successor_line(plan)] if plan_over(ctx) else []
    return [first, *filter(None, ended)]


def final_state(ctx: Context, measure: Measure) -> str:
    """The last reported state of a measure, for a plan that has ended."""
    progress = ctx.latest_progress(measure.number)
    return f"最終の報告：{progress_text(progress)}" if progress else "進捗の報告はありません。"


def measure_reply(ctx: Context, measure: Measure, facet: Facet = OVERVIEW, question: str = "") -> Reply:
    """A measure: the asked facet first, then overview, initiatives, schedule, departments, latest progress."""
    kb = ctx.kb
    this_year = fiscal_year_of(ctx.today())
    item = kb.item(measure.item)
    direction = kb.direction(measure.direction)
    steps = [f"・{s.step}（{span_label(s.start_fy, s.end_fy)}{'・目安' if s.approximate else ''}）"
             for s in measure.schedule]
    now = measure.steps_in(this_year)
    progress = ctx.latest_progress(measure.number)
    progress_line = progress_text(progress) if progress else "まだ報告がありません"
    lead = measure_lead(ctx, measure, facet)
    lines = [
        *lead, *([""] if lead else []),
        f"【施策 {measure.number}】{measure.title}",
        f"方向性{direction.number} {direction.title} ＞ 推進項目 {item.title}",
        "",
        f"■概要\n{measure.overview}",
        "■主な取組\n" + "\n".join(f"・{line}" for line in measure.initiatives),
        "■取組の工程\n" + "\n".join(steps),
        f"■主に推進する実施部門\n{measure.departments_text}",
        f"■最新の進捗\n{progress_line}",
        f"（出典：{kb.guideline.title} {measure.source.cite()}）",
    ]
    this_year_steps = "、".join(s.step for s in now) or "この年度の工程はありません"
    card = Card(
        kind="measure", id=measure.number, title=measure.title, heading=f"施策 {measure.number}",
        summary=shorten(measure.overview, 120),
        fields=(
            (f"{fiscal_year_label(this_year)}の工程", this_year_steps),
            ("実施部門", measure.departments_text),
            ("最新の進捗", progress_line),
        ),
        source=measure.source.cite(), lead=tuple(lead),
    )
    choices = [Choice("この施策をフォロー", f"follow {measure.number}")]
    choices += [Choice(shorten(f"用語の意味:{t.headword}", 20), show_command("term", t.headword))
                for t in terms_in(ctx, measure)[:3]]
    choices.append(Choice("ほかの質問", "help"))
    return Reply("\n".join(lines), card=card, choices=choices, facet=facet.name)


def progress_text(progress: dict) -> str:
    """One line about a progress report."""
    percent = f" {progress['percent']}%" if progress.get("percent") is not None else ""
    note = f"：{progress['note']}" if progress.get("note") else ""
    return f"{progress['status']}{percent}{note}（{japanese_date(progress['reported_on'])}報告）"


def terms_in(ctx: Context, measure: Measure) -> list[Term]:
    """The glossary terms a measure's text uses."""
    text = measure.title + measure.overview + "".join(measure.initiatives)
    return [term for term in ctx.kb.terms if term.headword in text]


def term_reply(ctx: Context, term: Term, facet: Facet = OVERVIEW, question: str = "") -> Reply:
    """A term: its definition first, and the measures that use it."""
    related = [m for m in ctx.kb.measures if term.headword in m.title + m.overview + "".join(m.initiatives)]
    reading = f"（{term.reading}）" if term.reading != term.headword else ""
    lines = [f"{term.headword}{reading}：{term.definition}", f"【用語】{term.headword}{reading}"]
    if related:
        lines.append("関連する施策：" + "、".join(f"{m.number} {m.title}" for m in related[:3]))
    lines.append(f"（出典：{ctx.kb.guideline.title} {term.source.cite()} 注{term.footnote}）")
    card = Card("term", term.headword, term.headword, "用語", shorten(term.definition, 300),
                (("読み", term.reading),), f"{term.source.cite()} 注{term.footnote}")
    choices = [Choice(shorten(f"{m.number} {m.title}", 20), show_command("measure", m.number)) for m in related[:3]]
    choices.append(Choice("ほかの質問", "help"))
    return Reply("\n".join(lines), card=card, choices=choices, facet="definition")


def reason_of(ctx: Context, past: PastMeasure) -> str:
    """The sentence of chapter 1's review that says why a past measure was or was not carried out."""
    texts = [section.text for section in ctx.kb.sections if section.source.chapter == "第1章"]
    return passages.sentence_about(past.title, texts, NOT_DONE)


def past_measure_reply(ctx: Context, past: PastMeasure, facet: Facet = OVERVIEW, question: str = "") -> Reply:
    """A measure of the earlier plans: its status first, the review's reason where there is one, and periods."""
    kb = ctx.kb
    category = next(c for c in kb.categories if c.name == past.category)
    plans = [p for p in kb.past_plans if p.short in past.plans]
    periods = "、".join(f"{p.name}（{p.start_fy}～{p.end_fy}年度）" for p in plans)
    status = past.status or "再掲（ほかの区分に掲載）"
    reason = reason_of(ctx, past)
    lines = [
        f"「{past.title}」は、以前の盛岡市情報化基本計画（{past.periods}）で「{status}」でした。",
        *([f"理由・経緯：{reason}"] if reason else []),
        "",
        f"【過去の計画の施策】{past.title}",
        f"盛岡市情報化基本計画（第一次～第四次）の「{category.title}」の施策です。",
        f"結果：{status}",
        f"計画期間：{past.periods}（{periods}）" if periods else f"計画期間：{past.periods}",
    ]
    if past.note:
        lines.append(f"備考：{past.note}")
    lines.append(f"（出典：{kb.guideline.title} {past.source.cite()}）")
    card = Card("past_measure", past.id, past.title, "過去の計画の施策", f"結果：{status}",
                (("区分", category.title), ("計画期間", past.periods)), past.source.cite())
    return Reply("\n".join(lines), card=card, choices=[Choice("ほかの質問", "help")],
                 facet="reason" if reason and facet.name == "reason" else "progress")


def section_reply(ctx: Context, section: Section, facet: Facet = OVERVIEW, question: str = "") -> Reply:
    """A part of the guideline's text: the passage that matches the question."""
    lines = [f"【{section.heading}】", passages.best_passage(question, section.text, SECTION_LIMIT),
             f"（出典：{ctx.kb.guideline.title} {section.source.cite()}）"]
    card = Card("section", section.id, section.title, section.heading, shorten(section.text, 300),
                source=section.source.cite())
    return Reply("\n".join(lines), card=card, choices=[Choice("ほかの質問", "help")], facet="overview")


def item_reply(ctx: Context, item: Item, facet: Facet = OVERVIEW, question: str = "") -> Reply:
    """A 推進項目 and the measures under it."""
    measures = [m for m in ctx.kb.measures if m.item == item.number]
    lines = [f"【推進項目 {item.number}】{item.title}", shorten(item.text, SECTION_LIMIT),
             "施策：" + "、".join(f"{m.number} {m.title}" for m in measures),
             f"（出典：{ctx.kb.guideline.title} {item.source.cite()}）"]
    card = Card("item", item.number, item.title, f"推進項目 {item.number}", shorten(item.text, 300),
                source=item.source.cite())
    choices = [Choice(shorten(f"{m.number} {m.title}", 20), show_command("measure", m.number)) for m in measures]
    return Reply("\n".join(lines), card=card, choices=choices, facet="overview")


def direction_reply(ctx: Context, direction: Direction, facet: Facet = OVERVIEW, question: str = "") -> Reply:
    """A 方向性 and its 推進項目."""
    items = [i for i in ctx.kb.items if i.direction == direction.number]
    lines = [f"【方向性{direction.number}】{direction.title}", direction.text,
             "推進項目：" + "、".join(f"{i.number} {i.title}" for i in items),
             f"（出典：{ctx.kb.guideline.title} {direction.source.cite()}）"]
    card = Card("direction", direction.number, direction.title, f"方向性{direction.number}",
                shorten(direction.text, 300), source=direction.source.cite())
    choices = [Choice(shorten(f"{i.number} {i.title}", 20), show_command("item", i.number)) for i in items]
    return Reply("\n".join(lines), card=card, choices=choices, facet="overview")


def candidates(ctx: Context, result: Result, language: str = "ja", facet: Facet = OVERVIEW) -> Reply:
    """Offer up to five entries the question may be about, led by the best guess's answer to what was asked."""
    guess = ctx.kb.find(result.best.kind, result.best.id) if result.best else None
    if language != "ja":
        return english.candidates(ctx, result, language, facet, guess)
    lead = hedge(ctx, guess, facet)
    lines = [lead] if lead else []
    lines.append("もしかして、次のどれかについてのご質問ですか？")
    choices = []
    for number, match in enumerate(result.offered, 1):
        label = f"{KIND_LABELS.get(match.kind, '')} {match.id if match.kind == 'measure' else ''} {match.title}"
        lines.append(f"{number}. {' '.join(label.split())}")
        choices.append(Choice(shorten(match.title, 20), show_command(match.kind, match.id)))
    lines.append("番号のボタンを押すか、言葉を変えてもう一度お尋ねください。")
    lines.append(f"どれにも当たらないときは、市のお問い合わせ窓口（{ctx.inquiry_url}）へお尋ねください。")
    return Reply("\n".join(lines), matches=result.matches, choices=choices,
                 facet=facet.name if lead and facet.name in facets.HEDGED else "candidates")


def hedge(ctx: Context, guess: Entry | None, facet: Facet) -> str:
    """The best guess's answer to what was asked, hedged, for the first line of a 「もしかして」 reply, or ""."""
    if guess is None or facet.name == "overview":
        return ""  # a bare word asks nothing in particular: the menu is the answer
    if guess.kind == "measure":
        asked = facet.name in facets.HEDGED
        lead = measure_lead(ctx, guess, facet) if asked else [shorten(guess.overview, HEDGE_LIMIT)]
        return f"施策{guess.number}「{guess.title}」のことでしたら：{lead[0]}" if lead else ""
    if guess.kind == "term":
        return f"「{guess.headword}」のことでしたら：{shorten(guess.definition, HEDGE_LIMIT)}"
    if guess.kind == "past_measure":
        return f"以前の計画の「{guess.title}」のことでしたら：結果は「{guess.status or '再掲'}」です。"
    return ""


def decline(ctx: Context, result: Result | None = None, language: str = "ja") -> Reply:
    """Say honestly that the bot cannot answer, what it covers, and where to ask instead."""
    if language != "ja":
        return english.decline(ctx, result, language)
    office = ctx.kb.guideline.policy_office
    lines = [
        "申し訳ありません。そのご質問には、この bot ではお答えできません。",
        f"この bot がお答えできるのは、{ctx.kb.guideline.title}（{ctx.kb.guideline.start_fy}～"
        f"{ctx.kb.guideline.end_fy}年度）の施策・用語・進み具合・以前の情報化基本計画についてです。",
        f"指針については盛岡市{office}へ、そのほかの市の手続きやくらしのことは市のお問い合わせ窓口"
        f"（{ctx.inquiry_url}）へお尋ねください。",
        ctx.contact.japanese(),
        "たとえば " + "、".join(EXAMPLES) + " のように聞いてみてください。",
    ]
    return Reply("\n".join(lines), matches=result.matches if result else [],
                 choices=[Choice("使い方", "help")], facet="decline")


def faq_reply(ctx: Context, faq: dict) -> Reply:
    """An answer written by the city's staff for a question the guideline did not answer."""
    lines = [f"【よくある質問】{faq['question']}", faq["answer"], "（この回答は盛岡市の職員が作成しました）"]
    choices = [Choice("関連する施策", show_command("measure", faq["measure"]))] if faq.get("measure") else []
    card = Card("faq", f"faq-{faq['id']}", faq["question"], "よくある質問", faq["answer"])
    return Reply("\n".join(lines), answered=True, card=card, choices=choices + [Choice("ほかの質問", "help")])


def found(ctx: Context, kind: str, entry_id: str, result: Result | None = None, facet: Facet = OVERVIEW,
          language: str = "ja") -> Reply | None:
    """The answer for an entry of the knowledge or of the FAQ, or None when there is no such entry."""
    if kind == "faq":
        number = entry_id.removeprefix("faq-")
        rows = list(ctx.db["faq"].rows_where("id = ?", [int(number)])) if number.isdigit() else []
        reply = faq_reply(ctx, rows[0]) if rows and not rows[0]["retired_at"] else None
        if reply is not None and result is not None:
            reply.matches = result.matches
        return reply
    entry = ctx.kb.find(kind, entry_id)
    return answer(ctx, entry, result, facet, language) if entry is not None else None


def plan_reply(ctx: Context, facet: Facet, language: str) -> Reply:
    """When the guideline runs and who runs it, from the guideline's own data."""
    plan = ctx.kb.guideline
    section = ctx.kb.find("section", "policy_office" if facet.name == "who" else "period")
    matches = [Match("section", section.id, section.title, 1.0)] if section else []
    if language != "ja":
        return english.plan_reply(ctx, facet, section, matches, language)
    if facet.name == "who":
        first = f"{plan.title}を取りまとめているのは、盛岡市{plan.policy_office}（情報政策部門）です。"
    else:
        ended = f"{plan.end_fy}年度で終了しました。{successor_line(plan)}" if plan_over(ctx) else f"{plan.end_fy}年度までです。"
        first = f"{plan.title}の計画期間は{plan.start_fy}年度から{plan.end_fy}年度までで、{ended}"
    reply = section_reply(ctx, section, facet) if section else Reply("")
    return Reply("\n".join([first, "", reply.text]), answered=True, matches=matches, card=reply.card,
                 choices=reply.choices, facet=facet.name)


def department_reply(ctx: Context, department: str, language: str, fiscal_year: int | None = None) -> Reply:
    """The measures a department is named for, then those of 「すべての実施部門」; first their steps in a fiscal
    year, when one is asked (「R4に何やる？」)."""
    named = [m for m in ctx.kb.measures if department in m.departments]
    everyone = [m for m in ctx.kb.measures if m.all_departments and department not in m.departments]
    matches = [Match("measure", m.number, m.title, 1.0) for m in named + everyone]
    if language != "ja":
        return english.department_reply(ctx, department, named, everyone, matches, language, fiscal_year)
    year_lines = []
    if fiscal_year is not None and fiscal_year not in ctx.kb.guideline.fiscal_years:
        year_lines = [outside_the_plan(fiscal_year, ctx.kb.guideline)]
    elif fiscal_year is not None:
        due = [(m, steps) for m in named + everyone if (steps := m.steps_in(fiscal_year))]
        year_lines = [f"{department}が推進する施策の{fiscal_year_label(fiscal_year)}の工程：{'' if due else 'ありません'}",
                      *(f"■{m.number}：" + "、".join(map(step_years, steps)) for m, steps in due), ""]
    lines = [*year_lines, f"{department}が主に推進する実施部門として名前のある施策は{len(named)}件です："
             + ("、".join(f"{m.number} {m.title}" for m in named) or "ありません")]
    if everyone:
        lines.append(f"このほか「すべての実施部門」とされる施策が{len(everyone)}件あります："
                     + "、".join(f"{m.number} {m.title}" for m in everyone))
    choices = [Choice(shorten(f"{m.number} {m.title}", 20), show_command("measure", m.number)) for m in named[:10]]
    return Reply("\n".join(lines), answered=True, matches=matches, choices=choices,
                 facet="when" if year_lines else "who")


def feedback_choices(kind: str, entry_id: str, question: str = "", language: str = "ja") -> list[Choice]:
    """「役に立った」/「役に立たなかった」 for an entry shown as the answer (with the question typed, if any)."""
    labels = ("役に立った", "役に立たなかった") if language == "ja" else ("Helpful", "Not helpful")
    return [Choice(labels[0], f"feedback yes {kind} {entry_id}"),
            Choice(labels[1], f"feedback no {kind} {entry_id} {question}"[:300])]


def ask(ctx: Context, incoming: Incoming) -> Reply:
    """Answer a question in the tier the search decides, the asked facet first; record what it could not answer."""
    text = incoming.text or incoming.postback
    talk = smalltalk.kind_of(text)
    if talk:
        return smalltalk.reply(talk, ctx.index.language_of(text))
    department = facets.department_asked(text, ctx)
    if department:
        return department_reply(ctx, department, ctx.index.language_of(text), facets.year_in(text, ctx))
    asked = facets.detect(text, ctx)
    if asked.name in ("when", "who", "progress") and facets.about_the_plan(text):  # progress: 「もう終わったの？」
        return plan_reply(ctx, asked, ctx.index.language_of(text))
    result = ctx.index.search(text)
    inbox.log_question(ctx.db, incoming.channel, result.tier)
    facet = facets.detect(result.focus or text, ctx, original=text)
    if result.tier == "answer":
        reply = found(ctx, result.best.kind, result.best.id, result, facet, result.language)
        if reply is not None:
            reply.choices = reply.choices[:10] + feedback_choices(result.best.kind, result.best.id, text,
                                                                  result.language)
            return reply
    if text.strip():
        inbox.record(ctx.db, text, incoming.channel, incoming.user, result.matches, result.tier)
    if result.tier == "candidates" and result.matches:
        return candidates(ctx, result, result.language, facet)
    return decline(ctx, result, result.language)
