"""Tell what a question wants to know first: who, when, how far, what, why, or an overview."""

import re
import unicodedata
from dataclasses import dataclass

from handlers.context import Context
from handlers.schedule import FISCAL_YEAR, fiscal_year_in
from knowledge.model import Knowledge
from knowledge.normalize import compact

# Each facet by the words that ask for it, in Japanese and English (Chinese and Korean questions are read in English).
PATTERNS = {
    "reason": r"なぜ|何故|なんで(?!す)|どうして|理由|原因|why|how come|为什么|为何|왜",
    "who": r"担当|部署|部門|どこの(部|課|局)|どの(部|課|局)|どこが|誰が|だれが|所管|主管|窓口は|どこ(?:の)?課"
           r"|who|responsible|department|in charge|负责|部门|담당|부서",
    "progress": r"進捗|しんちょく|進み具合|どこまで|どのくらい進|どれくらい進|進んで|すすんで|状況|じょうきょう|現状|終わった|完了|できたの"
                r"|実現した|実施された|導入された|やったの|progress|status|how far|done yet|finished|achieved|进展|进度|진행",
    "when": r"いつ|何年|予定|よてい|工程|スケジュール|今年度|来年度|昨年度|年度|期限|期間|まで(に|の)?(?:やる|続|進)|から始"
            r"|when|schedule|this year|next year|until|deadline|timeline|still valid|什么时候|何时|언제|일정",
    "definition": r"とは|って(何|なに|なん)|ってどういう|の意味|意味は|いみ|の略|りゃく|what (is|are|does)|what's|mean|stand for"
                  r"|是什么|什么是|뭐예요|무엇|란",
}
COMPILED = {facet: re.compile(pattern, re.IGNORECASE) for facet, pattern in PATTERNS.items()}
YES_NO = re.compile(r"(も|は|って)?.{0,12}(入って|はいって|関わ|かかわ|含まれ|ふくまれ|担当して|参加|携わ|関係して|関与)"
                    r"|\b(is|are|does|do)\b.*\b(involved|included|part of|responsible|in charge)", re.IGNORECASE)


@dataclass(frozen=True)
class Facet:
    """What the question asks, with the department or fiscal year it names."""

    name: str  # who, when, progress, definition, reason or overview
    department: str = ""  # for a yes/no question: the department asked about
    fiscal_year: int | None = None  # for a when question that names a year


def departments_named(text: str, kb: Knowledge) -> list[str]:
    """The departments a question names, in Japanese or in English."""
    folded = compact(text)
    english = kb.translations.table("en", "departments")
    found = []
    for department in kb.guideline.departments:
        names = [department, department.removesuffix("部").removesuffix("局"), english.get(department, "")]
        if any(len(compact(n)) >= 2 and compact(n) in folded for n in names if n):
            found.append(department)
    return found


def detect(text: str, ctx: Context) -> Facet:
    """The facet of a question; a yes/no question names a department."""
    lowered = unicodedata.normalize("NFKC", text).lower()
    named = departments_named(text, ctx.kb)
    if named and YES_NO.search(lowered):
        return Facet("who", department=named[0])
    for name, pattern in COMPILED.items():
        if pattern.search(lowered):
            return Facet(name, fiscal_year=year_in(lowered, ctx) if name == "when" else None)
    return Facet("overview")


def year_in(text: str, ctx: Context) -> int | None:
    """The fiscal year a when-question names, if any (「R3」, 「2021年度」, 「来年度」, "next year")."""
    match = re.search(FISCAL_YEAR, unicodedata.normalize("NFKC", text), re.IGNORECASE)
    if match:
        return fiscal_year_in(match.group(0), ctx)
    for words, relative in ((("this year", "今年"), "今年度"), (("next year", "来年"), "来年度")):
        if any(word in text for word in words):
            return fiscal_year_in(relative, ctx)
    return None
