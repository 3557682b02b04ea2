"""Every process answers alike: the search may not depend on Python's per-process string hashing."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["Is there a bear warning in Morioka today? 🐻", "What is open data?", "Can I apply online?",
             "オープンデータって何？", "わいふぁい使えるとこある？", "マイナンバーカードでコンビニで住民票とれる？",
             "防災メールは届く？", "データ", "電子申請を増やしてほしい", "市のホームページは英語で読めますか？"]
SEARCH = """
import json, sys
import knowledge
from knowledge.search import Index
index = Index.of(knowledge.load())
results = [index.search(q) for q in json.loads(sys.argv[1])]
print(json.dumps([[r.tier, r.chance, [[m.kind, m.id, m.score] for m in r.matches], sorted(r.features.items())]
                  for r in results]))
"""


def answers_under(seed: str) -> list:
    """The search results for the questions in a fresh process with the given hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", SEARCH, json.dumps(QUESTIONS, ensure_ascii=False)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_two_processes_with_different_string_hashing_rank_and_decide_alike_to_the_last_bit():
    assert answers_under("1") == answers_under("3")
