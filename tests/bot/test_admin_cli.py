"""`flask --app bot leaders …` manages the registry, which is also how the first admin is made."""

import logging
import os
import subprocess
import sys
from pathlib import Path

from bot import create_app, services_of

ROOT = Path(__file__).resolve().parents[2]


def without_channels(tmp_path) -> dict:
    """The environment with no LINE or Slack secrets and a database in a temporary folder."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("LINE_", "SLACK_"))}
    return {**env, "DATABASE_PATH": str(tmp_path / "admin.sqlite3")}


def test_admin_commands_say_nothing_of_the_switched_off_channels(tmp_path):
    for command in (["leaders", "list"], ["faq", "export", str(tmp_path / "faq.toml")]):
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "bot", *command], capture_output=True,
                                text=True, cwd=ROOT, env=without_channels(tmp_path), timeout=60)
        assert result.returncode == 0, result.stderr
        assert " is off" not in result.stdout + result.stderr


def test_a_server_says_once_that_each_channel_is_off(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3")})
    off = [record.getMessage() for record in caplog.records if " is off" in record.getMessage()]
    assert [message.split(":")[0] for message in off] == ["LINE is off", "Slack is off"]


def test_leaders_add_list_remove(app):
    runner = app.test_cli_runner()
    added = runner.invoke(args=["leaders", "add", "U0FIRSTADM", "総務部", "--admin"])
    assert added.exit_code == 0 and "U0FIRSTADM: 総務部 (admin)" in added.output
    runner.invoke(args=["leaders", "add", "U0LEADER01", "市民部"])
    listed = runner.invoke(args=["leaders", "list"])
    assert "U0FIRSTADM\t総務部\tadmin" in listed.output and "U0LEADER01\t市民部\tleader" in listed.output
    removed = runner.invoke(args=["leaders", "remove", "U0LEADER01"])
    assert removed.exit_code == 0
    assert "U0LEADER01" not in runner.invoke(args=["leaders", "list"]).output


def test_leaders_add_refuses_an_unknown_department(app):
    result = app.test_cli_runner().invoke(args=["leaders", "add", "U0X", "宇宙部"])
    assert result.exit_code != 0 and "部門「宇宙部」は指針にありません" in result.output


def test_removing_an_unknown_leader_says_so(app):
    result = app.test_cli_runner().invoke(args=["leaders", "remove", "U0NOBODY"])
    assert result.exit_code != 0 and "登録されていません" in result.output


def test_backup_and_restore_commands(app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["leaders", "add", "U0KEEP0001", "総務部"])
    copy = tmp_path / "backup.sqlite3"
    backed = runner.invoke(args=["backup", str(copy)])
    assert backed.exit_code == 0 and "integrity ok" in backed.output
    runner.invoke(args=["leaders", "remove", "U0KEEP0001"])
    restored = runner.invoke(args=["restore", str(copy)])
    assert restored.exit_code == 0
    assert "U0KEEP0001" in runner.invoke(args=["leaders", "list"]).output


def test_restore_refuses_while_another_process_uses_the_database(app, tmp_path):
    runner = app.test_cli_runner()
    copy = tmp_path / "backup.sqlite3"
    assert runner.invoke(args=["backup", str(copy)]).exit_code == 0
    running = create_app({"TESTING": True, "DATABASE_PATH": app.config["DATABASE_PATH"]})  # e.g. the web process
    refused = runner.invoke(args=["restore", str(copy)])
    assert refused.exit_code != 0 and "the service is running" in refused.output
    services_of(running).in_use.close()  # it stops
    assert app.test_cli_runner().invoke(args=["restore", str(copy)]).exit_code == 0


def test_a_restore_keeps_answered_events_answered(app, tmp_path):
    from handlers import storage

    database = app.config["DATABASE_PATH"]
    with storage.connect(database) as db:
        db["line_events"].insert({"event_id": "ev-1", "user_ref": "r", "payload": "{}", "status": "pending",
                                  "attempts": 0, "received_at": "2026-11-29T00:00:00+00:00", "updated_at": ""})
        db.conn.commit()
    copy = tmp_path / "backup.sqlite3"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(copy)]).exit_code == 0
    with storage.connect(database) as db:  # answered after the backup was taken
        db.execute("update line_events set status = 'done', payload = null where event_id = 'ev-1'")
        db.conn.commit()
    assert runner.invoke(args=["restore", str(copy)]).exit_code == 0
    with storage.connect(database) as db:
        assert db["line_events"].get("ev-1")["status"] == "done"
