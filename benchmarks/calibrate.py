"""Fit the confidence model on the tuning questions only, and write knowledge/calibration.json.

    .venv/bin/python benchmarks/calibrate.py

Two models, one for English questions and one for the rest, are logistic
regressions over what the search knows about its best match (score, margin,
coverage, words left unexplained, …), and for the non-English model the products of
every pair of the main ones (`knowledge.confidence.INTERACTING`); the label is whether that match is right.

The thresholds are read off out-of-fold chances (five folds, four shuffles, tuning questions only), because a model
is surer of the questions it was fitted on: on its own chances 1% answered wrongly became 1.6% on held-out folds.
The answer threshold is the lowest at which held-out folds answer at most 1.5% of in-scope questions wrongly and at
most 3% of out-of-scope ones at all (a margin under the targets of 2% and 5% for questions the matcher was never
tuned on); the candidates threshold offers the 「もしかして」 menu to at most a fifth of the out-of-scope questions.
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
from knowledge.confidence import CALIBRATION, with_interactions  # noqa: E402
from knowledge.search import Index  # noqa: E402

L2 = 0.3
WRONG_AT_MOST, OUT_ANSWERED_AT_MOST, OUT_OFFERED_AT_MOST = 0.015, 0.03, 0.2
FOLDS, SHUFFLES = 5, 4


def samples(index: Index) -> tuple[list[dict], list[int], list[bool]]:
    """Features of each tuning question's best match, whether it is right, and whether it is in scope."""
    rows, labels, inside = [], [], []
    for case in read_cases():
        if case.split not in TUNING or smalltalk.kind_of(case.question):
            continue
        result = index.search(case.question)
        if not result.matches or result.features == {}:
            continue
        matches = [{"kind": m.kind, "id": m.id, "title": m.title} for m in result.matches]
        rows.append(with_interactions(result.features))
        labels.append(int(bool(case.targets) and hits(matches[0], case.targets)))
        inside.append(bool(case.targets))
    return rows, labels, inside


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


def chances(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The model's chance that each best match is right."""
    return 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def held_out_chances(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each question's chance from models fitted without it: one row per shuffle of the folds."""
    rows = np.zeros((SHUFFLES, len(y)))
    for shuffle in range(SHUFFLES):
        folds = np.array_split(np.random.default_rng(shuffle).permutation(len(y)), FOLDS)
        for k, test in enumerate(folds):
            train = np.concatenate([fold for j, fold in enumerate(folds) if j != k])
            rows[shuffle, test] = chances(fit(x[train], y[train]), x[test])
    return rows


def shares(chance: np.ndarray, t: float, y: np.ndarray, inside: np.ndarray) -> tuple[float, float, float]:
    """At threshold t, averaged over the rows of chance: in-scope answered right, wrongly; out of scope answered."""
    answered = chance >= t

    def share(hit: np.ndarray, of: np.ndarray) -> float:
        return float(np.mean((answered & hit).sum(axis=-1) / max(of.sum(), 1)))

    return share(inside & (y == 1), inside), share(inside & (y == 0), inside), share(~inside, ~inside)


def choose(x: np.ndarray, y: np.ndarray, inside: np.ndarray, names: list[str]) -> dict:
    """Fit one model and choose its answer and candidates thresholds on held-out chances."""
    w = fit(x, y)
    held_out = held_out_chances(x, y)
    answer_at = next((t for t in np.arange(0.30, 0.99, 0.01)
                      if (held := shares(held_out, t, y, inside))[1] <= WRONG_AT_MOST
                      and held[2] <= OUT_ANSWERED_AT_MOST), 0.99)
    candidates_at = next((t for t in np.arange(0.02, answer_at, 0.01)
                          if shares(held_out, t, y, inside)[2] <= OUT_OFFERED_AT_MOST), answer_at)
    for name, chance in (("fitted", chances(w, x)), ("held-out", held_out)):
        right, wrong, out = shares(chance, answer_at, y, inside)
        print(f"{len(y)} questions, answer at {answer_at:.2f}, candidates at {candidates_at:.2f}; {name} chances: "
              f"in scope answered right {right:.3f}, wrong {wrong:.3f}; out of scope answered {out:.3f}")
    return {"bias": float(w[-1]), "weights": {n: float(v) for n, v in zip(names, w[:-1])},
            "answer_at": round(float(answer_at), 2), "candidates_at": round(float(candidates_at), 2),
            "fitted_on": int(len(y))}


def main() -> None:
    """Fit a model for Japanese (with Chinese and Korean) and one for English questions, and write them."""
    index = Index.of(knowledge.load())
    rows, labels, inside = samples(index)
    names = sorted({name for row in rows for name in row})
    x = np.array([[row.get(name, 0.0) for name in names] for row in rows])
    y, inside = np.array(labels, dtype=float), np.array(inside)
    english = x[:, names.index("english")] == 1.0
    models = {}
    for name, chosen in (("japanese", ~english), ("english", english)):
        print(name, end=": ")
        models[name] = choose(x[chosen], y[chosen], inside[chosen], names)
    CALIBRATION.write_text(json.dumps(models, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
