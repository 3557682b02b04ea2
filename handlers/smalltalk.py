"""Greetings, thanks, 「あなたは誰？」 and goodbyes: short friendly replies with starter buttons."""

import re
import unicodedata

from handlers import english
from handlers.messages import Choice, Reply

# What each kind of small talk looks like, in Japanese, English, Chinese and Korean.
KINDS = {
    "thanks": r"ありがと[ぁ-んー〜～]*|有難う[ぁ-んー]*|助かりました|サンキュー|さんきゅー|thank(s| you)( (so|very) much| a lot)?|thx|ty|谢谢|謝謝|多谢|감사합니다|고맙습니다|고마워요?",
    "bye": r"さようなら|さよなら|ばいばい|バイバイ|ばいばーい|またね|また今度|おやすみ[ぁ-んー]*|失礼します|bye|goodbye|see you|good night|再见|再見"
           r"|안녕히\s*(계세요|가세요)|잘\s*있어요",
    "who": r"あなたは(誰|だれ|なに|何|ロボット|ボット|bot|ai|人間|にんげん|人)[ぁ-んー]*|(君|きみ)は(誰|だれ)|(何|なに)ができる[ぁ-んー]*|(ボット|bot|ロボット|ai|人間|にんげん)なの|who are you|what are you"
           r"|what can you do|are you (a )?(bot|robot|human|person|ai)|你是谁|你是誰|누구(세요|예요|야)?",
    "greeting": r"こんにちは|こんにちわ|こんばんは|こんばんわ|おはよう[ぁ-んー]*|はじめまして|初めまして|(よろしく|宜しく)(お願い)?[ぁ-んー]*|お疲れ様[ぁ-んー]*"
                r"|おつかれさま[ぁ-んー]*|お世話になって[ぁ-んー]*|もしもし|やあ|hello|hi|hey|good (morning|afternoon|evening)|howdy"
                r"|你好|您好|안녕하세요|안녕",
}
PATTERNS = {kind: re.compile(rf"(?:{pattern})", re.IGNORECASE) for kind, pattern in KINDS.items()}
LEFTOVER = re.compile(r"[^\W_]", re.UNICODE)
EMOJI_ONLY = re.compile(r"^[\W_]*$")

REPLIES = {
    "ja": {
        "greeting": "こんにちは！盛岡市のICT利活用推進指針についてお答えするbotです。知りたいことを、ふだんの言葉で送ってください。",
        "thanks": "どういたしまして。ほかにも知りたいことがあれば、いつでも送ってください。",
        "who": "盛岡市ICT利活用推進指針（2019〜2022年度）の施策・用語・進み具合についてお答えするbotです。",
        "bye": "ご利用ありがとうございました。またいつでもどうぞ。",
        "emoji": "メッセージありがとうございます。指針について知りたいことを、言葉で送ってください。",
    },
    "en": {
        "greeting": "Hello! I answer questions about Morioka City's ICT Utilization Promotion Guideline. Ask me in your own words.",
        "thanks": "You're welcome. Ask me anything else about the guideline at any time.",
        "who": "I am a bot that answers questions about Morioka City's ICT Utilization Promotion Guideline "
               "(FY2019–FY2022): its measures, terms and progress.",
        "bye": "Thank you for using this service. Goodbye!",
        "emoji": "Thanks for your message. Please ask about the guideline in words.",
    },
}
STARTERS = {
    "ja": [Choice("施策の一覧", "list measures"), Choice("オープンデータとは", "オープンデータとは"),
           Choice("無料Wi-Fiの計画は？", "無料Wi-Fiの計画は？"), Choice("使い方", "help")],
    "en": [Choice("What is open data?", "What is open data?"), Choice("Free Wi-Fi plans?", "Is there free Wi-Fi?"),
           Choice("Apply online?", "Can I apply online?"), Choice("Help", "help en")],
}


def kind_of(text: str) -> str | None:
    """The kind of small talk a message is, or None when it says more than small talk."""
    normalized = unicodedata.normalize("NFKC", text).strip()
    if not normalized:
        return None
    if EMOJI_ONLY.match(normalized):
        return "emoji"
    for kind, pattern in PATTERNS.items():
        rest = pattern.sub(" ", normalized)
        if rest != normalized and len(LEFTOVER.findall(rest)) <= 2:
            return kind
    return None


def reply(kind: str, language: str) -> Reply:
    """A short friendly reply with starter buttons, in the asker's language (Chinese and Korean get English)."""
    words = "ja" if language == "ja" else "en"
    text = "\n".join([*english.notes(language), REPLIES[words][kind]])
    return Reply(text, choices=list(STARTERS[words]), lang=language if language in ("zh", "ko") else words,
                 facet="smalltalk")
