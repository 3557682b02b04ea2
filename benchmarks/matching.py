"""Benchmark answering: accuracy, confidence, declines, language, facets and speed, against the previous matcher.

    .venv/bin/python benchmarks/matching.py [--padded 10000] [--misses] [--previous COMMIT|none]

Every question goes through the bot's whole answering path (`handlers.dispatch`
on a scratch database), so the figures are what a resident would get. The
previous matcher is the bot as it was at COMMIT, run from a git worktree
through its own `python -m bot ask --json`, on the same questions in the same run.

"who/when" counts the who and when questions whose reply names the department, yes/no or
fiscal year in its first two lines, whatever its tier.

Sets: `eval_questions.tsv` (written from the guideline alone by people who never
saw the matcher; split `tune` and `holdout`, the holdout never looked at while
tuning), `eval_questions_2.tsv` to `eval_questions_5.tsv` (four more batches written the
same way and frozen later: `tune2`/`holdout2` to `tune5`/`holdout5`), and the older `dev_questions.tsv` (shared samples) and
`questions.tsv` (tune / holdout). Figures per split, and per style for the
new set; --misses lists wrong answers of tuning splits only.
"""

import argparse
import datetime
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import knowledge  # noqa: E402
from handlers import Context, Incoming, dispatch, storage  # noqa: E402
from knowledge.search import Doc, Index  # noqa: E402

HERE = Path(__file__).parent
PREVIOUS = "2ffd2ce"  # the matcher before SudachiPy, word vectors, facets and languages
KINDS = {"m": "measure", "t": "term", "h": "past_measure", "s": "section", "d": "direction", "i": "item"}
SPLIT_ORDER = ("holdouts (all)", "tune", "holdout", "tune2", "holdout2", "tune3", "holdout3", "tune4", "holdout4",
               "tune5", "holdout5")  # printed first, in this order
TUNING = {"dev", "tune", "tune2", "tune3", "tune4", "tune5", "old-tune"}


@dataclass(frozen=True)
class Case:
    """One evaluation question, the entries accepted as its answer, and what the first lines should hold."""

    question: str
    targets: tuple[tuple[str, str], ...]  # (kind, id or title text); empty when out of scope
    split: str
    style: str = ""
    facet: str = ""
    lang: str = "ja"
    expect: str = ""


def parse_targets(text: str) -> tuple[tuple[str, str], ...]:
    """Targets such as 「m:1-1-1,t:ICT」; none for out of scope."""
    if text.strip() == "none":
        return ()
    return tuple((KINDS[t.split(":", 1)[0].strip()], t.split(":", 1)[1].strip()) for t in text.split(","))


def read_cases() -> list[Case]:
    """Read the new set and the two older ones."""
    cases = []
    for name in ("eval_questions.tsv", "eval_questions_2.tsv", "eval_questions_3.tsv", "eval_questions_4.tsv",
                 "eval_questions_5.tsv"):
        for line in (HERE / name).read_text(encoding="utf-8").splitlines()[1:]:
            _, question, targets, facet, lang, style, expect, split = line.split("\t")
            cases.append(Case(question, parse_targets(targets), split, style, facet, lang, expect))
    for path, default_split in ((HERE / "dev_questions.tsv", "dev"), (HERE / "questions.tsv", None)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or line.startswith("question\t"):
                continue
            columns = line.split("\t")
            split = default_split or f"old-{columns[2].strip()}"
            cases.append(Case(columns[0], parse_targets(columns[1]), split))
    return cases


def split_order(group: str) -> tuple[int, str]:
    """Where a split's rows are printed: SPLIT_ORDER first, then the rest by name."""
    split = group.split(" · ")[0]
    return (SPLIT_ORDER.index(split) if split in SPLIT_ORDER else len(SPLIT_ORDER), group)


def squeeze(text: str) -> str:
    """Fold for comparing targets with titles: NFKC, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def hits(match: dict, targets) -> bool:
    """Tell whether a match is one of the accepted targets (by id, or by text in its title)."""
    for kind, text in targets:
        if match["kind"] == kind and (match["id"] == text or (kind != "measure" and squeeze(text) in squeeze(match["title"]))):
            return True
    return False


def first_lines_answer(case: Case, text: str, english: dict[str, str]) -> bool:
    """Tell whether the reply's first two lines give the department, yes/no, or fiscal year asked for."""
    head = "\n".join(text.splitlines()[:3 if case.lang in ("zh", "ko") else 2])
    for japanese, name in english.items():
        head = head.replace(name, japanese)  # an English reply names departments in English
    expect = case.expect.strip()
    if expect in ("はい", "いいえ"):
        english = {"はい": "Yes", "いいえ": "No"}[expect]
        return head.lstrip().startswith(expect) or english in head.split(".")[0] or head.startswith(english)
    parts = [p for p in expect.replace("、", ",").replace("・", ",").split(",") if p.strip()]
    if case.facet == "who":
        return any(p.strip() in head for p in parts) or "すべての実施部門" in head or "all other" in head
    years = re.findall(r"(?:19|20)[0-9]{2}", expect)
    if years:
        return all(year in head for year in years)  # 「2019-2021」 is answered by 「2019～2021年度」
    return any(p.strip() in head for p in parts)


def our_replies(questions: list[str], db_path: str) -> tuple[list[dict], list[float], list[float]]:
    """The bot's replies as `ask --json` prints them, with the search and whole-reply latencies."""
    kb = knowledge.load()
    index = Index.of(kb)
    db = storage.connect(db_path)
    storage.apply_migrations(db)
    ctx = Context(kb=kb, index=index, today=lambda: datetime.date(2026, 11, 29), db=db)
    dispatch(Incoming("cli", "bench", questions[0]), ctx)  # warm the caches' first use
    replies, search_ms, reply_ms = [], [], []
    for question in questions:
        started = time.perf_counter()
        index.search(question)
        search_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        reply = dispatch(Incoming("cli", "bench", question), ctx)
        reply_ms.append((time.perf_counter() - started) * 1000)
        replies.append(reply.as_json())
    return replies, search_ms, reply_ms


def previous_replies(questions: list[str], commit: str) -> list[dict] | None:
    """The previous matcher's replies, from a worktree of `commit` running its own CLI; None when unavailable."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "previous"
        made = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit],
                              capture_output=True, text=True)
        if made.returncode:
            print(f"previous matcher unavailable: {made.stderr.strip()}")
            return None
        try:
            env = {**os.environ, "DATABASE_PATH": str(Path(scratch) / "previous.sqlite3"), "PYTHONPATH": str(tree)}
            run = subprocess.run([sys.executable, "-m", "bot", "ask", "--json"], cwd=tree, env=env,
                                 input="\n".join(q.replace("\n", " ") for q in questions) + "\n",
                                 capture_output=True, text=True, timeout=600)
            lines = run.stdout.splitlines()
            return [json.loads(line) for line in lines] if len(lines) == len(questions) else None
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)


def figures(cases: list[Case], replies: list[dict], english: dict[str, str]) -> dict:
    """The figures of one group of questions."""
    inside = [(c, r) for c, r in zip(cases, replies) if c.targets]
    outside = [(c, r) for c, r in zip(cases, replies) if not c.targets]
    top1 = [bool(r["matches"]) and hits(r["matches"][0], c.targets) for c, r in inside]
    top3 = [any(hits(m, c.targets) for m in r["matches"][:3]) for c, r in inside]
    confident_right = [r["answered"] and t for (c, r), t in zip(inside, top1)]
    confident_wrong = [r["answered"] and not t for (c, r), t in zip(inside, top1)]
    english_cases = [(c, r) for c, r in zip(cases, replies) if c.lang == "en"]
    asked_lang = [r.get("lang", "ja") == c.lang for c, r in zip(cases, replies) if c.style]
    facet_cases = [(c, r) for c, r in inside if c.facet in ("who", "when") and c.expect]
    return {
        "n": len(cases), "in": len(inside), "out": len(outside),
        "top1": mean(top1), "top3": mean(top3), "conf_ok": mean(confident_right), "conf_wrong": mean(confident_wrong),
        "out_answered": mean([r["answered"] for _, r in outside]),
        "lang": mean(asked_lang) if asked_lang else None,
        "en_in_en": mean([r.get("lang") == "en" for _, r in english_cases]) if english_cases else None,
        "first_lines": mean([first_lines_answer(c, r["text"], english) for c, r in facet_cases])
        if facet_cases else None,
    }


def mean(values: list) -> float:
    """The share of true values (0 for none)."""
    return sum(bool(v) for v in values) / len(values) if values else 0.0


def cell(value) -> str:
    """A figure for the table, or a dash."""
    return "     –" if value is None else f"{value:6.3f}"


HEADER = (f"{'':<30} {'n':>4} {'in':>4} {'out':>4}  {'top-1':>6} {'top-3':>6} {'conf+ok':>7} {'conf+bad':>8} "
          f"{'out ans':>7} {'lang':>6} {'en→en':>6} {'who/when':>8}")


def row(label: str, f: dict) -> str:
    """One line of the table."""
    return (f"{label:<30} {f['n']:>4} {f['in']:>4} {f['out']:>4}  {f['top1']:6.3f} {f['top3']:6.3f} "
            f"{f['conf_ok']:7.3f} {f['conf_wrong']:8.3f} {f['out_answered']:7.3f} {cell(f['lang'])} "
            f"{cell(f['en_in_en'])} {cell(f['first_lines']):>8}")


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


def start_up() -> tuple[float, float]:
    """Seconds to start a serving app (language resources included) and its resident memory in MB after answering."""
    script = ("import time,resource;t=time.perf_counter();import bot;from bot import services_of;"
              "app=bot.create_app({'LOG_LEVEL':'ERROR','DATABASE_PATH':%r});s=services_of(app);"
              "e=time.perf_counter()-t;from handlers import Incoming;db=s.db();"
              "[s.answer(db,Incoming('cli','u',q)) for q in ['電子申請は？','free wifi','住民票','こんにちは']*20];"
              "print(e, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)")
    with tempfile.TemporaryDirectory() as scratch:
        run = subprocess.run([sys.executable, "-c", script % str(Path(scratch) / "s.sqlite3")], cwd=ROOT,
                             capture_output=True, text=True)
    seconds, megabytes = run.stdout.split()
    return float(seconds), float(megabytes)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--padded", type=int, default=10000, help="entries to pad the knowledge to (0: skip)")
    parser.add_argument("--misses", action="store_true", help="list wrong answers of the tuning splits")
    parser.add_argument("--previous", default=PREVIOUS, help="commit of the previous matcher, or 'none'")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    cases = read_cases()
    questions = [c.question for c in cases]
    with tempfile.TemporaryDirectory() as scratch:
        replies, search_ms, reply_ms = our_replies(questions, str(Path(scratch) / "bench.sqlite3"))
    previous = previous_replies(questions, args.previous) if args.previous != "none" else None
    groups: dict[str, list[int]] = defaultdict(list)
    for number, case in enumerate(cases):
        groups[case.split].append(number)
        if case.split.startswith("holdout"):
            groups["holdouts (all)"].append(number)
        if case.style:
            groups[f"{case.split} · {case.style}"].append(number)
    english = knowledge.load().translations.table("en", "departments")
    print(HEADER)
    for name in sorted(groups, key=split_order):
        picked = groups[name]
        print(row(f"bot  {name}", figures([cases[i] for i in picked], [replies[i] for i in picked], english)))
        if previous and " · " not in name:
            print(row(f"prev {name}", figures([cases[i] for i in picked], [previous[i] for i in picked], english)))
    print(f"\nlatency on one core: search p50 {statistics.median(search_ms):.2f} ms, p99 {percentile(search_ms, 99):.2f} ms;"
          f" whole reply p50 {statistics.median(reply_ms):.2f} ms, p99 {percentile(reply_ms, 99):.2f} ms")
    seconds, megabytes = start_up()
    print(f"start-up of a serving app: {seconds:.2f} s; resident memory after answering: {megabytes:.0f} MB")
    if args.padded:
        kb = knowledge.load()
        docs = Index.of(kb).docs
        started = time.perf_counter()
        big = Index(docs + padding(max(args.padded - len(docs), 0)))
        built = time.perf_counter() - started
        timings = []
        for question in questions:
            started = time.perf_counter()
            big.search(question)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"padded to {len(big.docs)} entries (built in {built:.1f} s): search p50 {statistics.median(timings):.2f} ms,"
              f" p99 {percentile(timings, 99):.2f} ms")
    if args.misses:
        print("\nmisses (tuning splits only):")
        for case, reply in zip(cases, replies):
            if case.split not in TUNING or case.split == "old-tune":
                continue
            right = bool(reply["matches"]) and hits(reply["matches"][0], case.targets) if case.targets else False
            wrong = (case.targets and not (right and reply["answered"])) or (not case.targets and reply["answered"])
            if wrong or (case.facet in ("who", "when") and case.expect and not first_lines_answer(case, reply["text"], english)):
                shown = "; ".join(f"{m['kind']}:{m['id']}:{m['score']}" for m in reply["matches"][:3])
                print(f"  {'CONF ' if reply['answered'] else '     '}[{case.split}/{case.style}/{case.facet}/{reply['facet']}] "
                      f"{case.question} -> {shown}  [want {case.targets or 'none'} {case.expect}]")


if __name__ == "__main__":
    main()
