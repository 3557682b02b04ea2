"""The web pages and open data through the Flask test client."""

import csv
import io
from contextlib import closing

import pytest

from bot import services_of
from bot.web.opendata import FAQ_COLUMNS, PROGRESS_COLUMNS
from handlers import leaders, progress
from tests.bot.web_helpers import ChatVisitor


@pytest.fixture
def reported(app):
    """The app with one leader and two reports."""
    services = services_of(app)
    with closing(services.db()) as db:
        leaders.add(db, services.kb, "U0WEB00001", "総務部", True, "test")
        progress.record(db, services.kb, progress.parse("1-3 検討中 10%"), "U0WEB00001", "command")
        progress.record(db, services.kb, progress.parse("1-3 実施中 40% 公開"), "U0WEB00001", "form")
    return app


@pytest.mark.parametrize("path", ["/", "/measures/1-1-1", "/measures/4-2", "/glossary", "/chat"])
def test_pages_are_japanese_html_without_external_resources(app, path):
    response = app.test_client().get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="ja">' in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "cdn" not in page.lower()


def test_an_unknown_measure_is_a_helpful_404(app):
    response = app.test_client().get("/measures/9-9-9")
    assert response.status_code == 404 and "bot に質問" in response.get_data(as_text=True)


def test_the_progress_page_shows_status_counts_and_the_timeline(reported):
    page = reported.test_client().get("/").get_data(as_text=True)
    assert page.count('<tr><th scope="row">') >= 6
    assert "<svg class=\"timeline\"" in page and "今日" in page and "<summary>工程の表" in page
    assert "40%" in page


def test_the_measure_page_has_history_and_terms(reported):
    page = reported.test_client().get("/measures/1-3").get_data(as_text=True)
    assert "実施中" in page and "検討中" in page and "フォーム" in page and "オープンデータ（" in page


def test_measures_json_parses_back_to_the_knowledge(reported):
    data = reported.test_client().get("/api/measures.json").get_json()
    kb = services_of(reported).kb
    assert data["license"] == "CC BY 4.0" and data["updated"]
    assert [m["number"] for m in data["measures"]] == [m.number for m in kb.measures]
    wifi = next(m for m in data["measures"] if m["number"] == "1-4-1")
    assert wifi["departments"] == list(kb.measure("1-4-1").departments)
    assert len(wifi["schedule"]) == len(kb.measure("1-4-1").schedule)
    assert next(m for m in data["measures"] if m["number"] == "1-3")["latest_progress"]["percent"] == 40


def test_terms_json_has_all_twenty_nine(app):
    response = app.test_client().get("/api/terms.json")
    data = response.get_json()
    assert len(data["terms"]) == 29 and data["license"] == "CC BY 4.0"
    assert 'rel="license"' in response.headers["Link"] and response.headers["Last-Modified"]


def read_csv(response) -> list[list[str]]:
    """A CSV response as rows, insisting on the BOM."""
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_progress_csv_has_one_row_per_report(reported):
    rows = read_csv(reported.test_client().get("/api/progress.csv"))
    assert tuple(rows[0]) == PROGRESS_COLUMNS
    assert [(r[1], r[4], r[5]) for r in rows[1:]] == [("1-3", "検討中", "10"), ("1-3", "実施中", "40")]
    assert "U0WEB00001" not in str(rows)


@pytest.mark.parametrize("note", ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1"])
def test_a_note_is_never_a_spreadsheet_formula(app, note):
    services = services_of(app)
    with closing(services.db()) as db:
        leaders.add(db, services.kb, "U0WEB00001", "総務部", True, "test")
        progress.record(db, services.kb, progress.parse(f"1-3 実施中 40% {note}"), "U0WEB00001", "command")
    rows = read_csv(app.test_client().get("/api/progress.csv"))
    assert rows[1][7] == f"'{note}"


def test_faq_csv_is_one_question_one_answer(app):
    rows = read_csv(app.test_client().get("/api/faq.csv"))
    kb = services_of(app).kb
    assert tuple(rows[0]) == FAQ_COLUMNS
    assert len(rows) - 1 == len(kb.measures) + len(kb.terms) + len(kb.sections)
    assert len({row[0] for row in rows[1:]}) == len(rows) - 1
    assert ["T11", "オープンデータとは何ですか？", kb.term("オープンデータ").definition, "用語"] in rows


def test_the_catalog_lists_each_dataset_with_its_licence(app):
    data = app.test_client().get("/api/catalog.json").get_json()
    assert {d["path"] for d in data["datasets"]} == {"/api/measures.json", "/api/terms.json", "/api/progress.csv",
                                                     "/api/faq.csv"}
    assert all(d["license"] == "CC BY 4.0" and d["updated"] for d in data["datasets"])


def test_chat_ask_gives_the_same_reply_as_line(app, context):
    visitor = ChatVisitor(app)
    reply = visitor.ask({"q": "データ"}).get_json()
    assert reply["answered"] is False and reply["text"].startswith("もしかして") and 2 <= len(reply["choices"]) <= 5
    chosen = visitor.ask({"postback": reply["choices"][0]["command"]}).get_json()
    assert chosen["answered"] is True


@pytest.mark.parametrize("body, status", [(b"not json", 400), (b"[]", 400), (b'{"q": ""}', 400),
                                          (('{"q": "%s"}' % ("あ" * 600)).encode(), 413)])
def test_chat_ask_refuses_bad_input_clearly(app, body, status):
    response = ChatVisitor(app).ask(data=body, content_type="application/json")
    assert response.status_code == status and "error" in response.get_json()


def test_following_is_for_line_only(app):
    reply = ChatVisitor(app).ask({"q": "1-3 をフォロー"}).get_json()
    assert "LINE" in reply["text"]


def test_settings_are_typed_and_a_bad_number_is_named(tmp_path, monkeypatch):
    from bot import config

    monkeypatch.setenv("REMINDER_DAYS_BEFORE", "10")
    settings = config.load(tmp_path)
    assert settings.REMINDER_DAYS_BEFORE == 10 and settings.DATABASE_PATH.endswith("guideline-bot.sqlite3")
    assert settings.SPOOL_DIR == str(tmp_path / "line-spool")  # beside the database unless told
    assert config.load(tmp_path, {"SPOOL_DIR": "/mnt/other/spool"}).SPOOL_DIR == "/mnt/other/spool"
    monkeypatch.setenv("REMINDER_DAYS_BEFORE", "ten")
    with pytest.raises(config.ConfigError, match="REMINDER_DAYS_BEFORE must be a whole number"):
        config.load(tmp_path)


def post_chunked(app, path: str, size: int):
    """POST a body of `size` bytes with no Content-Length, as chunked transfer encoding sends it."""
    return app.test_client().post(path, input_stream=io.BytesIO(b"x" * size), headers={"Transfer-Encoding": "chunked"},
                                  environ_overrides={"wsgi.input_terminated": True})


def test_a_chunked_body_over_the_limit_is_refused_before_it_is_read(app):
    assert post_chunked(app, "/chat/ask", 2 * 1024 * 1024).status_code == 413


@pytest.mark.parametrize("path", ["/", "/chat", "/glossary", "/api/measures.json"])
def test_pages_forbid_framing_sniffing_and_foreign_scripts(app, path):
    headers = app.test_client().get(path).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_flood_from_one_web_client_is_slowed_before_it_reaches_staff(app):
    flooder = ChatVisitor(app)
    codes = [flooder.ask({"q": f"駐車場は何台ありますか その{n}"}).status_code for n in range(30)]
    assert codes[:20] == [200] * 20 and set(codes[20:]) == {429}
    assert ChatVisitor(app, "192.0.2.7").ask({"q": "オープンデータとは"}).status_code == 200  # others are not slowed
    with closing(services_of(app).db()) as db:
        assert db["inbox_questions"].count <= 20
        assert "127.0.0.1" not in str(list(db["rate_limits"].rows))
    same_office = [ChatVisitor(app, f"127.0.0.{n}").ask({"q": f"公園{n}"}).status_code for n in range(2, 120)]
    assert 429 in same_office  # new cookies from one network do not escape its limit


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}])
def test_a_chat_post_from_another_site_is_refused(app, headers):
    visitor = ChatVisitor(app)
    assert visitor.ask({"q": "こんにちは"}, headers=headers).status_code == 403
    assert visitor.submit({"q": "こんにちは"}, headers=headers).status_code == 403


def test_a_chat_post_without_the_pages_token_is_refused(app):
    assert app.test_client().post("/chat/ask", json={"q": "こんにちは"}).status_code == 403
    visitor = ChatVisitor(app)
    visitor.token = "0" * 32
    assert visitor.ask({"q": "こんにちは"}).status_code == 403
    assert visitor.submit({"q": "こんにちは"}).status_code == 403


def test_a_locked_database_is_a_503_not_a_500(app):
    import sqlite3

    visitor = ChatVisitor(app)
    holder = sqlite3.connect(app.config["DATABASE_PATH"])
    holder.execute("begin exclusive")
    try:
        response = visitor.ask({"q": "オープンデータとは"})
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503 and response.headers["Retry-After"]
