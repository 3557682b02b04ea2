"""The greeting a new LINE friend gets: a Flex bubble with example questions as buttons, and starter quick replies."""

from linebot.v3.messaging import FlexBox, FlexBubble, FlexButton, FlexMessage, FlexSeparator, FlexText

from bot.line.render import MUTED, postback, quick_reply
from bot.platform_limits import LINE_ALT_TEXT, fit_line
from handlers import Choice
from knowledge.model import Guideline

TITLE = "友だち追加ありがとうございます"
BUTTON_COLOUR = "#1F5FA8"
# Questions the bot answers with confidence (a test asks each one), one of each kind: a term, a measure, progress,
# the plan itself. A tap on one must not land in the staff's inbox of unanswered questions.
QUESTIONS = ("オープンデータって何？", "無料Wi-Fiの計画は？", "1-1-1の進捗", "指針の対象期間は")
STARTERS = (Choice("施策の一覧", "list measures"), Choice("使い方", "help"), Choice("English", "help en"))


def what_it_does(guideline: Guideline) -> str:
    """One or two sentences on what the bot answers, with the plan's name and years from the data."""
    return (f"{guideline.title}（{guideline.start_fy}～{guideline.end_fy}年度）について、ふだんの言葉での質問に"
            "お答えします。施策の内容や担当部門、進み具合を調べられます。")


def question_button(question: str) -> FlexButton:
    """A button that asks an example question, shown in the chat as the user's own words."""
    return FlexButton(style="link", height="sm", color=BUTTON_COLOUR, action=postback(question, question))


def welcome(guideline: Guideline) -> list:
    """The follow greeting: title, what the bot does, example questions as buttons; starters as quick replies."""
    bubble = FlexBubble(
        body=FlexBox(layout="vertical", spacing="md", contents=[
            FlexText(text=TITLE, weight="bold", size="lg", wrap=True),
            FlexText(text=what_it_does(guideline), size="sm", wrap=True),
            FlexSeparator(),
            FlexText(text="たとえば、こんな質問ができます", size="xs", color=MUTED, wrap=True),
        ]),
        footer=FlexBox(layout="vertical", spacing="xs", contents=[question_button(q) for q in QUESTIONS]),
    )
    alt_text = fit_line(f"{TITLE}。{what_it_does(guideline)}例：{'、'.join(QUESTIONS)}", LINE_ALT_TEXT)
    starters = [Choice(question, question) for question in QUESTIONS] + list(STARTERS)
    return [FlexMessage(alt_text=alt_text, contents=bubble, quick_reply=quick_reply(starters))]
