"""The web pages and open data through the Flask test client."""

import csv
import datetime
import io
from contextlib import closing

import pytest

from bot import create_app, services_of
from bot.web.opendata import FAQ_COLUMNS, PROGRESS_COLUMNS
from handlers import clock, leaders, progress, status
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
    with clock.frozen(datetime.datetime(2020, 6, 1, 12, tzinfo=clock.TOKYO)):
        page = reported.test_client().get("/").get_data(as_text=True)
    assert page.count('<tr><th scope="row">') >= 6
    assert "<svg class=\"timeline\"" in page and "今日（2020年6月1日）" in page and 'class="steps"' in page
    assert "40%" in page and "計画期間は2022年度で終了しました" not in page


def test_after_the_plan_the_page_says_it_ended_and_where_the_work_went(reported):
    page = reported.test_client().get("/").get_data(as_text=True)
    assert "計画期間は2022年度で終了しました" in page and "盛岡市デジタル化によるまちづくり推進戦略" in page
    assert "今日（" not in page  # no marker pinned to the edge years after the plan
    today = clock.today()
    assert f"20の施策のうち、実施中1・報告なし19です（{today.year}年{today.month}月{today.day}日現在）。" in page


def test_the_measure_page_has_its_reports_and_terms_in_plain_words(reported):
    page = reported.test_client().get("/measures/1-3").get_data(as_text=True)
    assert "実施中" in page and "検討中" in page and "#term-11\">オープンデータ</a>" in page
    assert "フォーム" not in page and "スラッシュコマンド" not in page and "要更新" not in page
    assert "実施中 （実施中" not in page and "（進捗率 40%・" in page


def test_public_pages_speak_to_citizens_before_any_report(app):
    for path in ("/", "/measures/1-1-1"):
        page = app.test_client().get(path).get_data(as_text=True)
        assert "要更新" not in page and "節目以降" not in page and "まだ報告がありません" in page


def test_each_step_shows_its_own_state(app):
    services = services_of(app)
    with closing(services.db()) as db:
        leaders.add(db, services.kb, "U0WEB00001", "総務部", True, "test")
        with clock.frozen(datetime.datetime(2020, 3, 1, 12, tzinfo=clock.TOKYO)):
            progress.record(db, services.kb, progress.parse("1-1-1 実施中 30% 電子申請の可能性検討を開始"),
                            "U0WEB00001", "command")
        with clock.frozen(datetime.datetime(2022, 5, 1, 12, tzinfo=clock.TOKYO)):
            progress.record(db, services.kb, progress.parse("1-1-1 完了 100%"), "U0WEB00001", "command")
        with clock.frozen(datetime.datetime(2022, 6, 1, 12, tzinfo=clock.TOKYO)):
            steps = status.step_states(db, services.kb.measure("1-1-1"), clock.today())
    assert [(s.step.step, s.state) for s in steps] == [("電子申請の可能性検討", "実施中"), ("電子申請の実施・拡充", "完了")]


def test_a_step_that_ended_without_a_report_says_so(app):
    services = services_of(app)
    with closing(services.db()) as db:
        states = status.step_states(db, services.kb.measure("1-1-1"), datetime.date(2026, 11, 29))
        planned = status.step_states(db, services.kb.measure("1-1-1"), datetime.date(2019, 4, 2))
    assert {s.state for s in states} == {status.ENDED_UNREPORTED}
    assert [s.state for s in planned] == [status.NONE_YET, status.PLANNED]


def test_withdrawn_reports_leave_the_public_pages_and_open_data_but_not_the_audit(reported):
    services = services_of(reported)
    with closing(services.db()) as db:
        progress.record(db, services.kb, progress.parse("1-3 完了 100% テスト投稿"), "U0WEB00001", "command")
        progress.withdraw(db, services.kb, "1-3", "U0WEB00001", "command")
        progress.correct(db, services.kb, progress.parse("1-3 実施中 45% 公開（訂正）"), "U0WEB00001", "command")
        audit = progress.history(db, "1-3")
    client = reported.test_client()
    for path in ("/", "/measures/1-3", "/api/progress.csv", "/api/measures.json"):
        body = client.get(path).get_data(as_text=True)
        assert "テスト投稿" not in body and "取り下げ" not in body, path
    page = client.get("/measures/1-3").get_data(as_text=True)
    assert "公開（訂正）" in page and ">40%<" not in page
    assert len(audit) == 5 and {r["kind"] for r in audit} == {"report", "withdrawal", "correction"}


def test_every_page_has_the_contact_block_and_the_guidelines_source(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"), "CONTACT_EMAIL": "joho@example.jp",
                      "GUIDELINE_PDF_URL": "https://www.example.jp/ict.pdf"})
    for path in ("/", "/measures/1-1-1", "/glossary", "/chat", "/measures/9-9"):
        page = app.test_client().get(path).get_data(as_text=True)
        assert "お問い合わせ" in page and "盛岡市総務部情報企画課" in page and "019-651-4111" in page, path
        assert "mailto:joho@example.jp" in page and 'href="https://www.example.jp/ict.pdf"' in page, path


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
    assert all(d["license"] == "CC BY 4.0" and d["modified"] and d["publisher"] == "盛岡市" for d in data["datasets"])


def test_the_catalog_is_dcat_with_a_title_and_description_for_itself_and_each_dataset(app):
    client = app.test_client()
    data = client.get("/api/catalog.json").get_json()
    assert data["@type"] == "dcat:Catalog" and data["@context"]["title"] == "dct:title"
    assert data["title"] == "盛岡市ICT利活用推進指針 オープンデータ" and data["description"]
    for dataset in data["datasets"]:
        assert dataset["@type"] == "dcat:Dataset" and dataset["title"].startswith("盛岡市ICT利活用推進指針 ")
        assert dataset["description"].endswith("。") and dataset["keyword"]
        (distribution,) = dataset["distribution"]
        assert distribution["downloadURL"] == distribution["accessURL"] == "http://localhost" + dataset["path"]
        served = client.get(dataset["path"])
        assert served.status_code == 200 and served.mimetype == distribution["mediaType"]
        assert distribution["format"] == {"application/json": "JSON", "text/csv": "CSV"}[served.mimetype]
    described = {d["path"]: d["description"] for d in data["datasets"]}
    assert "施策（20件）" in described["/api/measures.json"] and "29語" in described["/api/terms.json"]
    assert "1行が1件の報告" in described["/api/progress.csv"] and "取り下げられたものを除き" in described["/api/progress.csv"]


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
