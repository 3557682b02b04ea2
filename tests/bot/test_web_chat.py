"""The web chat page: greeting and starters, links to the source pages, feedback, English, following on LINE."""

import html
import re

import pytest

from bot import create_app, services_of
from bot.web.chat import STARTERS
from tests.bot.web_helpers import ChatVisitor

ACCOUNT = "@123abcde"


@pytest.fixture
def line_app(tmp_path):
    """The app of a city whose LINE official account is set."""
    return create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"), "LINE_ACCOUNT_ID": ACCOUNT})


def starter_questions(page: str) -> list[str]:
    """The starter questions a page offers as no-JavaScript forms."""
    return [html.unescape(q) for q in re.findall(r'<input type="hidden" name="q" value="([^"]+)">', page)]


def test_the_page_opens_with_a_greeting_and_starter_questions(app):
    page = app.test_client().get("/chat").get_data(as_text=True)
    assert "こんにちは。盛岡市ICT利活用推進指針（2019～2022年度）の施策・用語・進み具合について" in page
    assert starter_questions(page) == list(STARTERS["ja"]) and 4 <= len(STARTERS["ja"]) <= 6
    assert 'placeholder="質問を入力してください"' in page and '<div class="chat" lang="ja"' in page


@pytest.mark.parametrize("lang", sorted(STARTERS))
def test_every_starter_is_answered_with_confidence_in_its_language(app, lang):
    visitor = ChatVisitor(app)
    for question in STARTERS[lang]:
        reply = visitor.ask({"q": question}).get_json()
        assert reply["answered"] and reply["lang"] == lang, question


def test_a_starter_works_without_javascript(app):
    page = ChatVisitor(app).submit({"q": STARTERS["ja"][1]}).get_data(as_text=True)
    assert "【施策 1-4-1】Wi-Fiエリアの拡大" in page
    assert '<p class="source-link"><a href="/measures/1-4-1" hreflang="ja">施策 1-4-1 のページを開く</a></p>' in page


def test_an_answer_links_to_the_page_it_comes_from(app):
    visitor, kb = ChatVisitor(app), services_of(app).kb
    measure = visitor.ask({"q": "無料Wi-Fiはどこで使えますか？"}).get_json()
    assert measure["link"] == {"href": "/measures/1-4-1", "label": "施策 1-4-1 のページを開く"}
    term = visitor.ask({"q": "オープンデータって何？"}).get_json()
    anchor = f"term-{kb.term('オープンデータ').footnote}"
    assert term["link"] == {"href": f"/glossary#{anchor}", "label": "用語集で「オープンデータ」を見る"}
    assert f'id="{anchor}"' in app.test_client().get("/glossary").get_data(as_text=True)
    english = visitor.ask({"q": "What is open data?"}).get_json()
    assert english["link"]["href"] == f"/glossary#{anchor}" and "glossary" in english["link"]["label"]
    assert "link" not in visitor.ask({"q": "データ"}).get_json()  # candidates: the buttons lead on


def test_a_term_link_is_drawn_without_javascript(app):
    kb = services_of(app).kb
    page = ChatVisitor(app).submit({"postback": "show term RPA"}).get_data(as_text=True)
    assert f'<a href="/glossary#term-{kb.term("RPA").footnote}" hreflang="ja">用語集で「RPA」を見る</a>' in page


def test_feedback_is_offered_after_a_candidate_is_pressed(app):
    visitor = ChatVisitor(app)
    candidates = visitor.ask({"q": "データ"}).get_json()
    chosen = visitor.ask({"postback": candidates["choices"][0]["command"]}).get_json()
    assert [c["label"] for c in chosen["choices"][-2:]] == ["役に立った", "役に立たなかった"]
    thanks = visitor.ask({"postback": chosen["choices"][-2]["command"]}).get_json()
    assert thanks["text"].startswith("ありがとうございます")
    page = visitor.submit({"postback": candidates["choices"][0]["command"]}).get_data(as_text=True)
    assert ">役に立った</button>" in page and ">役に立たなかった</button>" in page


def test_the_page_switches_to_english(app):
    japanese = app.test_client().get("/chat").get_data(as_text=True)
    assert '<a href="/chat?lang=en" lang="en" hreflang="en">English</a>' in japanese
    assert '<a href="/chat" lang="ja" hreflang="ja" aria-current="true">日本語</a>' in japanese
    page = app.test_client().get("/chat?lang=en").get_data(as_text=True)
    assert '<div class="chat" lang="en"' in page and "<h1>Ask the bot</h1>" in page
    assert "Hello! Ask me in your own words about the measures" in page and "こんにちは" not in page
    assert starter_questions(page) == list(STARTERS["en"])
    assert 'placeholder="Type your question"' in page and '<form id="ask" class="ask" method="post" action="/chat?lang=en#reply">' in page
    assert 'href="/chat?lang=en" lang="en" hreflang="en" aria-current="true"' in page


def test_an_english_question_without_javascript_keeps_the_english_page(app):
    visitor = ChatVisitor(app)
    response = visitor.client.post("/chat?lang=en", data={"csrf": visitor.token, "q": "What is open data?"})
    page = response.get_data(as_text=True)
    assert '<div class="chat" lang="en"' in page and '<p class="text" lang="en">Open data:' in page
    assert "in the glossary (in Japanese)" in page


def test_following_shows_the_add_friend_link_and_qr_code_when_the_account_is_set(line_app):
    visitor = ChatVisitor(line_app)
    url = "https://line.me/R/ti/p/%40123abcde"
    offered = visitor.ask({"q": "無料Wi-Fiはどこで使えますか？"}).get_json()  # offers 「この施策をフォロー」
    assert offered["line_follow"]["url"] == url
    svg = offered["line_follow"]["qr_svg"]
    assert svg.startswith("<svg") and "<path" in svg and "<script" not in svg
    asked = visitor.ask({"postback": "follow 1-4-1"}).get_json()
    assert "LINE" in asked["text"] and asked["line_follow"]["url"] == url
    assert "line_follow" not in visitor.ask({"q": "オープンデータって何？"}).get_json()  # nothing to follow
    page = visitor.submit({"q": "1-3 をフォロー"}).get_data(as_text=True)
    assert f'<a href="{url}" hreflang="ja">LINE で友だち追加する</a>' in page
    assert '<figure class="qr"><svg' in page and "QR コードを読み取ってください" in page


def test_following_without_an_account_says_where_plainly_without_a_dead_link(app):
    visitor = ChatVisitor(app)
    reply = visitor.ask({"postback": "follow 1-4-1"}).get_json()
    assert reply["line_follow"] == {"url": "", "qr_svg": ""}
    page = visitor.submit({"postback": "follow 1-4-1"}).get_data(as_text=True)
    drawn = page[page.index('<div id="log"'):page.index('<template id="follow-template">')]
    assert "盛岡市の LINE 公式アカウントで受け取れます" in drawn
    assert "line.me" not in page and "<svg" not in drawn and "友だち追加する" not in drawn
