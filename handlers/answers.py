"""Turn search results into replies: an answer, 「もしかして」 candidates, or an honest decline."""

from handlers import inbox
from handlers.context import Context
from handlers.messages import Card, Choice, Incoming, Reply
from handlers.wording import fiscal_year_label, fiscal_year_of, shorten, span_label
from knowledge.model import Direction, Entry, Item, Measure, PastMeasure, Section, Term
from knowledge.search import Result

KIND_LABELS = {
    "measure": "施策", "term": "用語", "past_measure": "過去の計画の施策",
    "section": "指針の内容", "item": "推進項目", "direction": "方向性", "faq": "よくある質問",
}
EXAMPLES = ("「オープンデータとは」", "「無料Wi-Fiを増やす計画は？」", "「1-1-1の進捗」", "「指針の対象期間は」")
SECTION_LIMIT = 700


def show_command(kind: str, entry_id: str) -> str:
    """The button command that shows one entry."""
    return f"show {kind} {entry_id}"


def answer(ctx: Context, entry: Entry, result: Result | None = None) -> Reply:
    """Answer with one entry's content and where it is printed."""
    compose = {"measure": measure_reply, "term": term_reply, "past_measure": past_measure_reply,
               "section": section_reply, "item": item_reply, "direction": direction_reply}[entry.kind]
    reply = compose(ctx, entry)
    reply.answered = True
    reply.matches = result.matches if result else []
    return reply


def measure_reply(ctx: Context, measure: Measure) -> Reply:
    """A measure: overview, initiatives, schedule, departments, latest progress."""
    kb = ctx.kb
    this_year = fiscal_year_of(ctx.today())
    item = kb.item(measure.item)
    direction = kb.direction(measure.direction)
    steps = [f"・{s.step}（{span_label(s.start_fy, s.end_fy)}{'・目安' if s.approximate else ''}）"
             for s in measure.schedule]
    now = measure.steps_in(this_year)
    progress = ctx.latest_progress(measure.number)
    progress_line = progress_text(progress) if progress else "まだ報告はありません"
    lines = [
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
        source=measure.source.cite(),
    )
    choices = [Choice("この施策をフォロー", f"follow {measure.number}")]
    choices += [Choice(shorten(f"用語の意味:{t.headword}", 20), show_command("term", t.headword))
                for t in terms_in(ctx, measure)[:3]]
    choices.append(Choice("ほかの質問", "help"))
    return Reply("\n".join(lines), card=card, choices=choices)


def progress_text(progress: dict) -> str:
    """One line about a progress report."""
    percent = f" {progress['percent']}%" if progress.get("percent") is not None else ""
    note = f"：{progress['note']}" if progress.get("note") else ""
    return f"{progress['status']}{percent}{note}（{progress['reported_on']}報告）"


def terms_in(ctx: Context, measure: Measure) -> list[Term]:
    """The glossary terms a measure's text uses."""
    text = measure.title + measure.overview + "".join(measure.initiatives)
    return [term for term in ctx.kb.terms if term.headword in text]


def term_reply(ctx: Context, term: Term) -> Reply:
    """A term: its definition and the measures that use it."""
    related = [m for m in ctx.kb.measures if term.headword in m.title + m.overview + "".join(m.initiatives)]
    reading = f"（{term.reading}）" if term.reading != term.headword else ""
    lines = [f"【用語】{term.headword}{reading}", term.definition]
    if related:
        lines.append("関連する施策：" + "、".join(f"{m.number} {m.title}" for m in related[:3]))
    lines.append(f"（出典：{ctx.kb.guideline.title} {term.source.cite()} 注{term.footnote}）")
    card = Card("term", term.headword, term.headword, "用語", shorten(term.definition, 300),
                (("読み", term.reading),), f"{term.source.cite()} 注{term.footnote}")
    choices = [Choice(shorten(f"{m.number} {m.title}", 20), show_command("measure", m.number)) for m in related[:3]]
    choices.append(Choice("ほかの質問", "help"))
    return Reply("\n".join(lines), card=card, choices=choices)


def past_measure_reply(ctx: Context, past: PastMeasure) -> Reply:
    """A measure of the earlier plans: its status and periods."""
    kb = ctx.kb
    category = next(c for c in kb.categories if c.name == past.category)
    plans = [p for p in kb.past_plans if p.short in past.plans]
    periods = "、".join(f"{p.name}（{p.start_fy}～{p.end_fy}年度）" for p in plans)
    status = past.status or "再掲（ほかの区分に掲載）"
    lines = [
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
    return Reply("\n".join(lines), card=card, choices=[Choice("ほかの質問", "help")])


def section_reply(ctx: Context, section: Section) -> Reply:
    """A part of the guideline's text."""
    lines = [f"【{section.heading}】", shorten(section.text, SECTION_LIMIT),
             f"（出典：{ctx.kb.guideline.title} {section.source.cite()}）"]
    card = Card("section", section.id, section.title, section.heading, shorten(section.text, 300),
                source=section.source.cite())
    return Reply("\n".join(lines), card=card, choices=[Choice("ほかの質問", "help")])


def item_reply(ctx: Context, item: Item) -> Reply:
    """A 推進項目 and the measures under it."""
    measures = [m for m in ctx.kb.measures if m.item == item.number]
    lines = [f"【推進項目 {item.number}】{item.title}", shorten(item.text, SECTION_LIMIT),
             "施策：" + "、".join(f"{m.number} {m.title}" for m in measures),
             f"（出典：{ctx.kb.guideline.title} {item.source.cite()}）"]
    card = Card("item", item.number, item.title, f"推進項目 {item.number}", shorten(item.text, 300),
                source=item.source.cite())
    choices = [Choice(shorten(f"{m.number} {m.title}", 20), show_command("measure", m.number)) for m in measures]
    return Reply("\n".join(lines), card=card, choices=choices)


def direction_reply(ctx: Context, direction: Direction) -> Reply:
    """A 方向性 and its 推進項目."""
    items = [i for i in ctx.kb.items if i.direction == direction.number]
    lines = [f"【方向性{direction.number}】{direction.title}", direction.text,
             "推進項目：" + "、".join(f"{i.number} {i.title}" for i in items),
             f"（出典：{ctx.kb.guideline.title} {direction.source.cite()}）"]
    card = Card("direction", direction.number, direction.title, f"方向性{direction.number}",
                shorten(direction.text, 300), source=direction.source.cite())
    choices = [Choice(shorten(f"{i.number} {i.title}", 20), show_command("item", i.number)) for i in items]
    return Reply("\n".join(lines), card=card, choices=choices)


def candidates(ctx: Context, result: Result) -> Reply:
    """Offer up to five entries the question may be about."""
    lines = ["もしかして、次のどれかについてのご質問ですか？"]
    choices = []
    for number, match in enumerate(result.matches, 1):
        label = f"{KIND_LABELS.get(match.kind, '')} {match.id if match.kind == 'measure' else ''} {match.title}"
        lines.append(f"{number}. {' '.join(label.split())}")
        choices.append(Choice(shorten(match.title, 20), show_command(match.kind, match.id)))
    lines.append("番号のボタンを押すか、言葉を変えてもう一度お尋ねください。")
    return Reply("\n".join(lines), matches=result.matches, choices=choices)


def decline(ctx: Context, result: Result | None = None) -> Reply:
    """Say honestly that the bot cannot answer, and who can."""
    office = ctx.kb.guideline.policy_office
    lines = [
        "申し訳ありません。そのご質問には、この bot ではお答えできません。",
        f"{ctx.kb.guideline.title}については、盛岡市{office}にお問い合わせください。",
        "この bot は、指針の施策・用語・過去の情報化基本計画・推進体制などについてお答えできます。",
        "たとえば " + "、".join(EXAMPLES) + " のように聞いてみてください。",
    ]
    return Reply("\n".join(lines), matches=result.matches if result else [],
                 choices=[Choice("使い方", "help")])


def faq_reply(ctx: Context, faq: dict) -> Reply:
    """An answer written by the city's staff for a question the guideline did not answer."""
    lines = [f"【よくある質問】{faq['question']}", faq["answer"], "（この回答は盛岡市の職員が作成しました）"]
    choices = [Choice("関連する施策", show_command("measure", faq["measure"]))] if faq.get("measure") else []
    card = Card("faq", f"faq-{faq['id']}", faq["question"], "よくある質問", faq["answer"])
    return Reply("\n".join(lines), answered=True, card=card, choices=choices + [Choice("ほかの質問", "help")])


def found(ctx: Context, kind: str, entry_id: str, result: Result | None = None) -> Reply | None:
    """The answer for an entry of the knowledge or of the FAQ, or None when there is no such entry."""
    if kind == "faq":
        row = ctx.db["faq"].get(int(entry_id.removeprefix("faq-"))) if ctx.db is not None else None
        reply = faq_reply(ctx, row) if row and not row["retired_at"] else None
        if reply is not None and result is not None:
            reply.matches = result.matches
        return reply
    entry = ctx.kb.find(kind, entry_id)
    return answer(ctx, entry, result) if entry is not None else None


def feedback_choices(result: Result, question: str) -> list[Choice]:
    """「役に立った」/「役に立たなかった」 for a confident answer."""
    best = result.best
    return [Choice("役に立った", f"feedback yes {best.kind} {best.id}"),
            Choice("役に立たなかった", f"feedback no {best.kind} {best.id} {question}"[:300])]


def ask(ctx: Context, incoming: Incoming) -> Reply:
    """Answer a question in the tier the search decides; record what it could not answer."""
    text = incoming.text or incoming.postback
    result = ctx.index.search(text)
    if ctx.db is not None:
        inbox.log_question(ctx.db, incoming.channel, result.tier)
    if result.tier == "answer":
        reply = found(ctx, result.best.kind, result.best.id, result)
        if reply is not None:
            reply.choices = reply.choices[:10] + feedback_choices(result, text)
            return reply
    if ctx.db is not None and text.strip():
        inbox.record(ctx.db, text, incoming.channel, incoming.user, result.matches, result.tier)
    if result.tier != "none" and result.matches:
        return candidates(ctx, result)
    return decline(ctx, result)
