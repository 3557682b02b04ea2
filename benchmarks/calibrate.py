"""Fit the confidence model on the tuning questions only, and write knowledge/calibration.json.

    .venv/bin/python benchmarks/calibrate.py

The model is a logistic regression over what the search knows about its best
match (score, margin, coverage, words left unexplained, …); its label is whether
that match is right. The answer threshold is the lowest at which, on the
tuning questions, at most 1.5% of in-scope questions are answered wrongly and
at most 4% of out-of-scope ones are answered at all (chosen by five-fold
cross-validation on the tuning questions, as the best balance of answering
right against answering wrong); the candidates threshold offers the
「もしかして」 menu to at most a fifth of the out-of-scope questions.
The holdout splits are never read.
"""

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import knowledge  # noqa: E402
from benchmarks.matching import TUNING, hits, read_cases  # noqa: E402
from handlers import smalltalk  # noqa: E402
from knowledge.confidence import CALIBRATION  # noqa: E402
from knowledge.search import Index  # noqa: E402

L2 = 0.3
WRONG_AT_MOST, OUT_ANSWERED_AT_MOST, OUT_OFFERED_AT_MOST = 0.015, 0.04, 0.2


def samples(index: Index) -> tuple[list[dict], list[int], list[bool], list[bool]]:
    """Features of each tuning question's best match, whether it is right, in scope, and right in the top 3."""
    rows, labels, inside, top3 = [], [], [], []
    for case in read_cases():
        if case.split not in TUNING or smalltalk.kind_of(case.question):
            continue
        result = index.search(case.question)
        if not result.matches or result.features == {}:
            continue
        matches = [{"kind": m.kind, "id": m.id, "title": m.title} for m in result.matches]
        rows.append(result.features)
        labels.append(int(bool(case.targets) and hits(matches[0], case.targets)))
        inside.append(bool(case.targets))
        top3.append(bool(case.targets) and any(hits(m, case.targets) for m in matches[:3]))
    return rows, labels, inside, top3


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression with an L2 penalty, by Newton's method; the last weight is the bias."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + L2 * np.r_[w[:-1], 0]
        hessian = (x.T * (p * (1 - p))) @ x + L2 * np.diag(np.r_[np.ones(len(w) - 1), 0])
        w -= np.linalg.solve(hessian, gradient)
    return w


def main() -> None:
    """Fit, choose thresholds, write the model and print how it does on the tuning questions."""
    index = Index.of(knowledge.load())
    rows, labels, inside, top3 = samples(index)
    names = sorted(rows[0])
    x = np.array([[row[name] for name in names] for row in rows])
    y = np.array(labels, dtype=float)
    w = fit(x, y)
    chance = 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))
    inside, top3 = np.array(inside), np.array(top3)
    answer_at = next(t for t in np.arange(0.30, 0.99, 0.01)
                     if ((chance >= t) & inside & (y == 0)).sum() / inside.sum() <= WRONG_AT_MOST
                     and ((chance >= t) & ~inside).sum() / max((~inside).sum(), 1) <= OUT_ANSWERED_AT_MOST)
    candidates_at = next(t for t in np.arange(0.02, answer_at, 0.01)
                         if ((chance >= t) & ~inside).sum() / max((~inside).sum(), 1) <= OUT_OFFERED_AT_MOST)
    model = {"bias": float(w[-1]), "weights": {n: float(v) for n, v in zip(names, w[:-1])},
             "answer_at": round(float(answer_at), 2), "candidates_at": round(float(candidates_at), 2),
             "fitted_on": int(len(y))}
    CALIBRATION.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    answered = chance >= answer_at
    print(f"fitted on {len(y)} tuning questions; answer at {answer_at:.2f}, candidates at {candidates_at:.2f}")
    print(f"in scope answered right {(answered & (y == 1)).sum() / inside.sum():.3f}, "
          f"wrong {(answered & inside & (y == 0)).sum() / inside.sum():.3f}; "
          f"out of scope answered {(answered & ~inside).sum() / max((~inside).sum(), 1):.3f}")
    for name, value in sorted(model["weights"].items(), key=lambda item: -abs(item[1])):
        print(f"  {name:<18} {value:+.2f}")


if __name__ == "__main__":
    main()
