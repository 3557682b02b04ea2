"""Every process answers alike: the search may not depend on Python's per-process string hashing."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["Is there a bear warning in Morioka today? 🐻", "What is open data?", "Can I apply online?",
             "オープンデータって何？", "わいふぁい使えるとこある？", "マイナンバーカードでコンビニで住民票とれる？",
             "防災メールは届く？", "データ", "電子申請を増やしてほしい", "市のホームページは英語で読めますか？",
             "Is there an ICT business continuity plan?", "Will the city offer the website in other languages?"]
SEARCH = """
import json, sys
import knowledge
from knowledge.search import Index
from tests.knowledge.test_determinism import answers
print(json.dumps(answers(Index.of(knowledge.load()))))
"""


def answers(index) -> list:
    """Everything the search decides for the questions, as plain JSON values."""
    return [[r.tier, r.chance, [[m.kind, m.id, m.score] for m in r.matches], sorted(r.features.items())]
            for r in map(index.search, QUESTIONS)]


def test_a_process_with_other_string_hashing_ranks_and_decides_alike_to_the_last_bit(index):
    """This process hashes strings with a random seed; the other with none (PYTHONHASHSEED=0)."""
    other = subprocess.run([sys.executable, "-c", SEARCH], cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"},
                           capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(other.stdout) == json.loads(json.dumps(answers(index)))
