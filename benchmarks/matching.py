"""Benchmark question matching: accuracy, declines and latency, against a plain rapidfuzz baseline.

    .venv/bin/python benchmarks/matching.py [--padded 10000] [--misses]

Prints, for the bot's search and for rapidfuzz WRatio over titles side by side:
top-1 and top-3 accuracy on in-scope questions, the share of out-of-scope
questions declined (no confident answer), and latency per question, for the
shared dev set, our tuning split and our holdout split; then the same search
over the knowledge padded with generated FAQ entries.
"""

import argparse
import os
import random
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import knowledge  # noqa: E402
from knowledge.search import Doc, Index, Match  # noqa: E402

HERE = Path(__file__).parent
BASELINE_DECLINE_BELOW = 70  # WRatio score under which the baseline offers no answer
KIND_OF_PREFIX = {"m": "measure", "t": "term", "h": "past_measure", "s": "section"}


@dataclass(frozen=True)
class Case:
    """One evaluation question and the entries accepted as its answer."""

    question: str
    targets: tuple[tuple[str, str], ...]  # (kind, text); empty for out-of-scope
    split: str


def squeeze(text: str) -> str:
    """Fold for comparing targets with titles: NFKC, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def read_cases() -> list[Case]:
    """Read the shared dev set (split 'dev') and our own set (tune / holdout)."""
    cases = []
    for path, default_split in ((HERE / "dev_questions.tsv", "dev"), (HERE / "questions.tsv", None)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or line.startswith("question\t"):
                continue
            columns = line.split("\t")
            targets = () if columns[1].strip() == "none" else tuple(
                (KIND_OF_PREFIX[t.split(":", 1)[0]], t.split(":", 1)[1]) for t in columns[1].split(","))
            cases.append(Case(columns[0], targets, default_split or columns[2].strip()))
    return cases


def hits(match: Match, targets: tuple[tuple[str, str], ...]) -> bool:
    """Tell whether a match is one of the accepted targets."""
    for kind, text in targets:
        if match.kind != kind:
            continue
        if kind == "measure" and match.id == text:
            return True
        if kind != "measure" and squeeze(text) in squeeze(match.title):
            return True
    return False


def baseline(docs: list[Doc]):
    """A plain rapidfuzz WRatio over titles, shaped like the bot's search."""
    titles = [doc.title for doc in docs]

    def search(question: str) -> tuple[list[Match], bool]:
        found = process.extract(question, titles, scorer=fuzz.WRatio, limit=5)
        matches = [Match(docs[i].kind, docs[i].id, docs[i].title, score / 100) for _, score, i in found]
        return matches, bool(found) and found[0][1] >= BASELINE_DECLINE_BELOW
    return search


def ours(index: Index):
    """The bot's search, shaped like the baseline."""
    def search(question: str) -> tuple[list[Match], bool]:
        result = index.search(question)
        return result.matches, result.tier == "answer"
    return search


def evaluate(search, cases: list[Case], misses: list | None = None) -> dict:
    """Run every case; return accuracy, declines and latency in milliseconds."""
    top1 = top3 = answered_right = in_scope = declined = out_scope = 0
    latencies = []
    for case in cases:
        started = time.perf_counter()
        matches, confident = search(case.question)
        latencies.append((time.perf_counter() - started) * 1000)
        if case.targets:
            in_scope += 1
            first = bool(matches) and hits(matches[0], case.targets)
            top1 += first
            top3 += any(hits(m, case.targets) for m in matches[:3])
            answered_right += first and confident
            if misses is not None and not first:
                misses.append((case, matches[:3], confident))
        else:
            out_scope += 1
            declined += not confident
            if misses is not None and confident:
                misses.append((case, matches[:1], confident))
    return {
        "n": len(cases), "top1": top1 / max(in_scope, 1), "top3": top3 / max(in_scope, 1),
        "confident_right": answered_right / max(in_scope, 1), "declined": declined / max(out_scope, 1),
        "p50": statistics.median(latencies), "p99": percentile(latencies, 99), "in": in_scope, "out": out_scope,
    }


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` percent of values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share / 100))]


def padding(count: int, seed: int = 7) -> list[Doc]:
    """Generate FAQ-like entries such as a city's FAQ would add."""
    rng = random.Random(seed)
    topics = ["住民票", "印鑑登録", "国民健康保険", "介護保険", "児童手当", "保育所", "ごみ収集", "下水道", "市営住宅",
              "道路補修", "公園", "図書館", "体育館", "選挙", "市民税", "固定資産税", "軽自動車税", "戸籍", "転入届",
              "転出届", "婚姻届", "出生届", "予防接種", "健康診断", "献血", "消防団", "防災訓練", "除雪", "街路灯",
              "バス路線", "駐輪場", "観光案内", "姉妹都市", "文化会館", "成人式", "奨学金", "就学援助", "空き家",
              "農地", "商店街", "創業支援", "求人", "ボランティア", "町内会", "騒音", "ペット", "墓地", "斎場"]
    asks = ["の手続き", "の申請方法", "の受付時間", "の必要書類", "の手数料", "の窓口", "の問い合わせ先", "の期限",
            "の変更", "の証明書", "のオンライン申請", "の料金", "の予約", "の対象者", "の支払い方法"]
    docs = []
    for number in range(count):
        topic, ask = rng.choice(topics), rng.choice(asks)
        title = f"{topic}{ask}について（FAQ {number}）"
        body = f"{topic}{ask}は、{rng.choice(topics)}と同じく市役所{rng.randint(1, 9)}階の窓口で受け付けます。"
        docs.append(Doc("faq", f"faq-{number}", title, (title,), (topic,), body))
    return docs


def report(label: str, figures: dict) -> str:
    """One line of the table."""
    return (f"{label:<26} {figures['n']:>4}  {figures['top1']:6.3f} {figures['top3']:6.3f} "
            f"{figures['confident_right']:8.3f} {figures['declined']:8.3f}  {figures['p50']:7.2f} {figures['p99']:7.2f}")


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--padded", type=int, default=10000, help="entries to pad the knowledge to (0: skip)")
    parser.add_argument("--misses", action="store_true", help="list the questions the bot got wrong (tune/dev only)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    kb = knowledge.load()
    started = time.perf_counter()
    index = Index.of(kb)
    build_ms = (time.perf_counter() - started) * 1000
    docs = index.docs
    cases = read_cases()
    splits = {name: [c for c in cases if c.split == name] for name in ("dev", "tune", "holdout")}
    splits["all"] = cases
    misses: list = []
    print(f"knowledge: {len(docs)} entries; index built in {build_ms:.1f} ms; one core")
    print(f"{'':<26} {'n':>4}  {'top-1':>6} {'top-3':>6} {'conf+ok':>8} {'declined':>8}  {'p50 ms':>7} {'p99 ms':>7}")
    for name, group in splits.items():
        ours(index)(group[0].question)  # warm up
        print(report(f"bot      {name}", evaluate(ours(index), group, misses if name in ("dev", "tune") else None)))
        print(report(f"baseline {name}", evaluate(baseline(docs), group)))
    if args.padded:
        extra = padding(max(args.padded - len(docs), 0))
        started = time.perf_counter()
        big = Index(docs + extra)
        big_ms = (time.perf_counter() - started) * 1000
        print(f"\npadded to {len(docs) + len(extra)} entries; index built in {big_ms:.0f} ms")
        print(report("bot      all (padded)", evaluate(ours(big), cases)))
        print(report("baseline all (padded)", evaluate(baseline(docs + extra), cases)))
    if args.misses:
        print("\nmisses (dev + tune):")
        for case, matches, confident in misses:
            shown = "; ".join(f"{m.kind}:{m.id}:{m.score}" for m in matches)
            print(f"  {'CONF ' if confident else '     '}{case.question} -> {shown}  [want {case.targets or 'none'}]")


if __name__ == "__main__":
    main()
