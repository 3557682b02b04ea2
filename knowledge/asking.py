"""The words with which a question says what it asks: who, when, how far, what, or why."""

import re

from knowledge.language import chinese_to_japanese

# Each facet by the words that ask for it, in Japanese and English (Chinese and Korean questions are read in English).
PATTERNS = {
    "reason": r"なぜ|何故|なんで(?!す)|どうして|理由|原因|why|how come|为什么|为何|왜",
    "who": r"担当|たんとう|部署|ぶしょ|部門|ぶもん|どこの(部|課|局|ぶ|か)|どの(部|課|局)|どこが|誰が|だれが|所管|主管|窓口は|どこ(?:の)?課"
           r"|who|responsible|department|in charge|负责|部门|담당|부서",
    "progress": r"進捗|しんちょく|進み具合|どこまで|どのくらい進|どれくらい進|進んで|すすんで|状況|じょうきょう|現状|終わった|完了|できたの"
                r"|実現した|実施された|導入された|やったの|progress|status|how far|done yet|finished|achieved|进展|进度|진행",
    "when": r"いつ|何年|予定|よてい|工程|スケジュール|今年度|来年度|昨年度|年度|期限|期間|有効(?:なの|です|期|[?？])|まで(に|の)?(?:やる|続|進)|から始"
            r"|when|schedule|this year|next year|until|deadline|timeline|still valid|fiscal year|which year|what year"
            r"|什么时候|何时|언제|일정",
    "definition": r"とは|って(何|なに|なん)(?![年時回月日件歳人度])|ってどういう|の意味|意味は|いみ|の略|りゃく|違い|ちがい|違う|ちがう|のこと[?？]*$|what (is|are|does)|what's|mean|stand for|difference"
                  r"|是什么|什么是|뭐예요|무엇|란",
}


def with_japanese_forms(pattern: str) -> str:
    """A pattern that also finds its Chinese words as the search reads them, in Japanese kanji (什么 → 什麼)."""
    read = chinese_to_japanese(pattern)
    return pattern if read == pattern else f"{pattern}|{read}"


FACETS = {facet: re.compile(with_japanese_forms(pattern), re.IGNORECASE) for facet, pattern in PATTERNS.items()}
# 「なん」 asks (なんの担当？) unless it is the copula of 「…なんですか」「…なんだ」.
INTERROGATIVE = re.compile(
    with_japanese_forms(r"どこ|どの|誰|だれ|何|なに|なん(?!です|でしょ|だ)|which|who|what|哪|谁|什么|어디|누가|무엇"), re.IGNORECASE)
YES_NO = re.compile(r"(も|は|って)?.{0,12}(入って|はいって|関わ|かかわ|含まれ|ふくまれ|担当して|参加|携わ|関係して|関与)"
                    r"|\b(is|are|does|do)\b.*\b(involved|included|part of|responsible|in charge)", re.IGNORECASE)


def asks_yes_no(text: str) -> bool:
    """Tell whether a question naming a department asks yes or no (「…も入ってる？」) rather than which or what."""
    return bool(YES_NO.search(text) or not INTERROGATIVE.search(text))


# The kind of entry each way of asking prefers; a question about an earlier plan names it.
PAST_PLAN = re.compile(r"導入され|実施され|実施済|導入済|どうなった|前の計画|以前の計画|過去の計画|基本計画で|着手|やらなかった"
                       r"|できなかった|実現しなかった|introduced|did .* (introduce|build)|old (it )?plans?|earlier plans?")
SHAPES = (("past_measure", PAST_PLAN),
          ("measure", re.compile("|".join(FACETS[f].pattern for f in ("who", "progress", "when")) + r"|取り?組",
                                 re.IGNORECASE)),
          ("term", FACETS["definition"]))
# Facts a plan never holds: prices, opening hours, phone numbers, passwords, today's events.
UNANSWERABLE = re.compile(r"いくら(?!う)|何円|料金|手数料は|営業時間|開館時間|受付時間|何時から|何時まで|電話番号|パスワード|暗証番号|今日の|きょうの"
                          r"|how much|price|fee\b|opening hours|phone number|password|today", re.IGNORECASE)
# A mishap of the asker's own (a lost card, a hacked account): a matter for a help desk, not for a plan.
TROUBLE = re.compile(r"忘れ|わすれ|なくし|無くし|失くし|紛失|落とし|盗ま|乗っ取|のっと|感染|壊れ|こわれ|繋がらな|つながらな|ロックされ|騙さ|だまさ"
                     r"|\blost\b|forgot|stolen|hacked|broken|not working|can't connect|locked", re.IGNORECASE)
# The asker wants to do something (予約したい, 払いたい), not to know something: a service, which a plan does not provide.
WISH = re.compile(r"(?<!ない|知り|しり|聞き|きき)(?<!が)(?<!分かり|わかり|ておき)たい(?:んだ|んです|です|の|けど|が|[。！!？?]|$)"
                  r"|\bI (?:want|need|would like)\b", re.IGNORECASE)


def shape_of(text: str) -> str | None:
    """The kind of entry the question's wording asks for, if any."""
    return next((kind for kind, pattern in SHAPES if pattern.search(text)), None)
