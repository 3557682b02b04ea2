"""Tell what a question wants to know first: who, when, how far, what, why, or an overview."""

import functools
import re
import unicodedata
from dataclasses import dataclass

from handlers.context import Context
from handlers.schedule import FISCAL_YEAR, fiscal_year_in
from handlers.wording import fiscal_year_of, plan_over
from knowledge.asking import FACETS, asks_yes_no
from knowledge.model import Knowledge, Measure, Step
from knowledge.morphology import adverbs, topic_words, words
from knowledge.normalize import compact, english_words


PLAN_WORDS = re.compile(r"指針|計画|けいかく|ししん|ガイドライン|ict政策|情報化政策|guideline|\bplan\b|\bict polic(y|ies)\b",
                        re.IGNORECASE)
# Words that leave a question about the plan itself: 「この計画、結局どこがまとめてるの？」
PLAN_JAPANESE = "盛岡市 ICT 利活用 推進 有効 期限 切れる 変わる 作る 結局 責任 持つ まとめる 取りまとめ 取りまとめる 全体 担う 政策"
PLAN_ENGLISH = frozenset(english_words("ict still valid title says city overall policy office charge run runs expire "
                                       "over end finished done utilization promotion morioka current in force until long last 2019 2022"))
WHICH_MEASURES = re.compile(r"(何|なに|なん(?!です|でしょ|だ)|どの|どれ|どんな)|担当.{0,6}(施策|事業|取組|取り組み)|(担当|施策|取組|取り組み).{0,4}(一覧|リスト)"
                            r"|工程|予定|which|what|list|schedule", re.IGNORECASE)
HEDGED = ("who", "when", "progress")  # facets a hedged first line answers when the bot is unsure which measure
# Words that add no topic: 「指針で担当の施策を一覧で」, or the heading of the departments' column, 「主に推進する実施部門」.
LISTING = frozenset({"指針", "計画", "主", "主に", "推進", "一覧", "リスト", "全部", "全て", "工程", "予定"})
ASKING_ENGLISH = frozenset({"measure", "responsible", "charge", "department", "involv", "handl", "lead", "list", "do",
                            "schedul", "step", "plan"})


@dataclass(frozen=True)
class Facet:
    """What the question asks, with the department or fiscal year it names."""

    name: str  # who, when, progress, definition, reason or overview
    department: str = ""  # for a yes/no question: the department asked about
    fiscal_year: int | None = None  # for a when question that names a year


def steps_asked(ctx: Context, measure: Measure, fiscal_year: int | None) -> tuple[str, list[Step]]:
    """The steps a when-question gets: of the asked year ("year"), all once the plan ended ("ended"), or this year's."""
    if fiscal_year in ctx.kb.guideline.fiscal_years:
        return "year", measure.steps_in(fiscal_year)
    if plan_over(ctx):
        return "ended", list(measure.schedule)
    return "current", measure.steps_in(fiscal_year_of(ctx.today()))


def departments_named(text: str, kb: Knowledge) -> list[str]:
    """The departments a question names, in Japanese or in English."""
    folded = compact(text)
    return [department for department, names in department_names(kb) if any(name in folded for name in names)]


def department_names(kb: Knowledge) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each department with the folded names a question may call it by: in full, without 部/局, in English."""
    english = kb.translations.table("en", "departments")
    return folded_names(tuple(kb.guideline.departments), tuple(english.get(d, "") for d in kb.guideline.departments))


@functools.lru_cache(maxsize=4)
def folded_names(departments: tuple[str, ...], english: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The folded names of each department, worked out once."""
    table = []
    for department, in_english in zip(departments, english):
        names = (department, department.removesuffix("部").removesuffix("局"), in_english)
        table.append((department, tuple(compact(n) for n in names if n and len(compact(n)) >= 2)))
    return tuple(table)


def about_the_plan(text: str) -> bool:
    """Tell whether a question is about the guideline itself (「この計画いつまで」, "Is this guideline still valid?")."""
    lowered = unicodedata.normalize("NFKC", text).lower()
    if not PLAN_WORDS.search(lowered):
        return False
    rest = PLAN_WORDS.sub(" ", lowered)
    if rest.isascii():
        return not {word for word in english_words(rest) if not word.isdigit()} - PLAN_ENGLISH
    return not set(topic_words(rest)) - plan_japanese() - adverbs(rest)  # 「もう」「まだ」 name no topic


@functools.cache
def plan_japanese() -> frozenset[str]:
    """The normalised forms of the words that leave a question about the plan itself."""
    return frozenset(words(PLAN_JAPANESE))


def department_asked(text: str, ctx: Context) -> str | None:
    """The department of 「上下水道局は何の担当？」: named, asking which measures (in a fiscal year, perhaps), and
    about nothing more specific."""
    named = departments_named(text, ctx.kb)
    lowered = unicodedata.normalize("NFKC", text).lower()
    if not named or not WHICH_MEASURES.search(lowered):
        return None
    rest = re.sub(FISCAL_YEAR, " ", lowered, flags=re.IGNORECASE)  # 「R4に何やる？」 asks for that year's steps
    for name in (*named, *(ctx.kb.translations.table("en", "departments").get(d, "") for d in named)):
        rest = rest.replace(name.lower(), " ") if name else rest
    if rest.isascii():
        return named[0] if not set(english_words(rest)) - ASKING_ENGLISH else None
    return named[0] if not set(topic_words(rest)) - LISTING else None


def detect(text: str, ctx: Context, original: str = "") -> Facet:
    """The facet of a question; a yes/no question names a department (in the message as sent, if given)."""
    named = departments_named(original or text, ctx.kb)
    lowered = unicodedata.normalize("NFKC", original if original and named else text).lower()
    if named and asks_yes_no(lowered):
        return Facet("who", department=named[0])
    for name, pattern in FACETS.items():
        if pattern.search(lowered):
            return Facet(name, fiscal_year=year_in(lowered, ctx) if name == "when" else None)
    year = year_in(lowered, ctx)
    return Facet("when", fiscal_year=year) if year is not None else Facet("overview")


def year_in(text: str, ctx: Context) -> int | None:
    """The fiscal year a when-question names, if any (「R3」, 「2021年度」, 「来年度」, "next year")."""
    match = re.search(FISCAL_YEAR, unicodedata.normalize("NFKC", text), re.IGNORECASE)
    if match:
        return fiscal_year_in(match.group(0), ctx)
    for spellings, relative in ((("this year", "今年"), "今年度"), (("next year", "来年"), "来年度")):
        if any(spelling in text for spelling in spellings):
            return fiscal_year_in(relative, ctx)
    return None
