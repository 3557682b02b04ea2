"""`python -m bot ask` and `chat` behave as DESIGN.md promises."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_bot(tmp_path, *args, stdin=""):
    """Run `python -m bot` with its database in a temporary folder."""
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "cli.sqlite3")}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)


def test_ask_prints_the_answer(tmp_path):
    result = run_bot(tmp_path, "ask", "Wi-Fiエリアの拡大")
    assert result.returncode == 0, result.stderr
    assert "【施策 1-4-1】Wi-Fiエリアの拡大" in result.stdout
    assert "総務部・市民部・商工観光部・教育委員会など" in result.stdout
    assert "出典" in result.stdout


def test_ask_json_has_the_documented_shape(tmp_path):
    result = run_bot(tmp_path, "ask", "--json", "オープンデータ")
    reply = json.loads(result.stdout)
    assert reply["answered"] is True
    assert {"kind", "id", "title", "score"} <= set(reply["matches"][0])
    assert reply["matches"][0]["kind"] in ("term", "measure")
    assert isinstance(reply["matches"][0]["score"], float)
    assert "オープンデータ" in reply["text"]


def test_ask_reads_stdin_one_json_per_line_in_order(tmp_path):
    questions = ["1-4-1", "業務継続計画とは", "ゴミの分別方法を教えて"]
    result = run_bot(tmp_path, "ask", "--json", stdin="\n".join(questions) + "\n")
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == 3
    assert replies[0]["matches"][0]["id"] == "1-4-1"
    assert replies[1]["matches"][0]["id"] == "業務継続計画"
    assert replies[2]["answered"] is False
    assert "総務部情報企画課" in replies[2]["text"]


def test_chat_answers_and_presses_buttons(tmp_path):
    result = run_bot(tmp_path, "chat", stdin="オープンデータって何\n1\nexit\n")
    assert result.returncode == 0, result.stderr
    assert "【用語】オープンデータ" in result.stdout
    assert "【施策 1-3】公共データのオープンデータ化の推進" in result.stdout


def test_check_reports_counts(tmp_path):
    result = run_bot(tmp_path, "check")
    assert "measures 20, terms 29" in result.stdout


@pytest.mark.parametrize("bad_dir", ["missing"])
def test_broken_knowledge_is_reported_not_crashed(tmp_path, bad_dir):
    env_dir = tmp_path / bad_dir
    env_dir.mkdir()
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "x.sqlite3"), "KNOWLEDGE_DIR": str(env_dir)}
    result = subprocess.run([sys.executable, "-m", "bot", "check"], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 2
    assert "guideline.toml: file: is missing" in result.stderr


def seeded_database(tmp_path):
    """The app's database with a leader's progress report on 1-4-1 and a staff FAQ entry, as the app writes them."""
    from handlers import inbox, leaders, progress, storage
    from handlers.progress import Draft
    import knowledge

    kb = knowledge.load()
    db = storage.connect(str(tmp_path / "cli.sqlite3"))
    storage.migrate(db)
    leaders.add(db, kb, "U1", "総務部", True, "test")
    progress.record(db, kb, Draft("1-4-1", "実施中", 70, "市役所本庁舎に整備"), "U1", "command")
    group = inbox.record(db, "粗大ごみの出し方を知りたい", "line", "u1", [], "none")
    inbox.answer(db, group, "粗大ごみは環境部の受付センターへ電話で申し込みます。", "U1",
                 faq_question="粗大ごみの出し方を知りたい")
    db.close()


def test_ask_reads_the_apps_database_for_progress_and_faq(tmp_path):
    seeded_database(tmp_path)
    result = run_bot(tmp_path, "ask", "--json", stdin="Wi-Fiの整備ってどこまで進んだ？\n粗大ごみの出し方を知りたい\n")
    progress_reply, faq_reply = [json.loads(line) for line in result.stdout.splitlines()]
    assert progress_reply["facet"] == "progress"
    assert "実施中 70%：市役所本庁舎に整備" in progress_reply["text"].splitlines()[0]
    assert faq_reply["answered"] and faq_reply["matches"][0]["kind"] == "faq"
    assert "受付センター" in faq_reply["text"]


def test_ask_logs_what_it_could_not_answer(tmp_path):
    from handlers import storage

    run_bot(tmp_path, "ask", "--json", "来週の天気はどう？")
    db = storage.connect(str(tmp_path / "cli.sqlite3"))
    assert db["inbox_questions"].count == 1
    assert db["inbox_questions"].get(1)["channel"] == "cli"


def test_json_says_the_language_and_the_facet(tmp_path):
    result = run_bot(tmp_path, "ask", "--json", stdin="Who is responsible for free Wi-Fi?\n1-4-1の担当は？\n")
    english, japanese = [json.loads(line) for line in result.stdout.splitlines()]
    assert (english["lang"], english["facet"]) == ("en", "who")
    assert (japanese["lang"], japanese["facet"]) == ("ja", "who")
    assert "General Affairs Department" in english["text"].splitlines()[0]
    assert "総務部" in japanese["text"].splitlines()[0]


def test_check_reports_the_translations(tmp_path):
    result = run_bot(tmp_path, "check")
    assert "en: measure 20, term 29, section 16, past_measure 83" in result.stdout
    assert "ko: measure 20, term 29" in result.stdout


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(url: str, within: float = 30) -> bool:
    """True once the URL answers 200, polling until the time runs out."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except OSError:
            time.sleep(0.2)
    return False


def test_serve_says_only_where_to_open_it(tmp_path):
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith(("LINE_", "SLACK_"))}
    env["DATABASE_PATH"] = str(tmp_path / "serve.sqlite3")
    server = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env)
    try:
        assert server.stdout.readline() == f"http://127.0.0.1:{port} を開いてください\n"
        assert healthy(f"http://127.0.0.1:{port}/healthz")
    finally:
        server.send_signal(signal.SIGINT)
        rest = server.communicate(timeout=30)[0]
    assert server.returncode == 0, rest
    assert rest.strip() == ""  # no channel warnings, no request lines, no banner: the one line is all
