"""Decide from what the search found whether to answer, offer candidates, or decline."""

import functools
import itertools
import json
import math
from pathlib import Path

CALIBRATION = Path(__file__).parent / "calibration.json"
PLAUSIBLE = 0.95  # an entry that explains this much of the question is worth offering, however unsure
# The main features, whose every pair also enters the model: how much a score counts can depend on the margin, the
# kind of entry or the words left unexplained (chosen by cross-validation on the tuning questions).
INTERACTING = ("agreement", "coverage", "kind_measure", "leads_terms", "long", "margin", "meaning", "name", "score",
               "shape", "topic", "unexplained")


def with_interactions(features: dict[str, float]) -> dict[str, float]:
    """The features, and for a question not in English the product of every pair of the main ones (the English
    model keeps to the plain features: 190 tuning questions are too few for 66 more weights)."""
    if features.get("english"):
        return features
    paired = {f"{a}*{b}": features.get(a, 0.0) * features.get(b, 0.0)
              for a, b in itertools.combinations(INTERACTING, 2)}
    return {**features, **paired}


def model_for(features: dict[str, float]) -> dict:
    """The model for the question's script: English questions have one of their own."""
    return calibration()["english" if features.get("english") else "japanese"]


def confidence(features: dict[str, float]) -> float:
    """The calibrated chance that the best match is right (logistic model fitted on the tuning questions)."""
    model = model_for(features)
    every = with_interactions(features)
    z = model["bias"] + sum(weight * every.get(name, 0.0) for name, weight in model["weights"].items())
    return 1 / (1 + math.exp(-z))


@functools.cache
def calibration() -> dict:
    """The confidence model's weights and thresholds, from calibration.json beside this file."""
    return json.loads(CALIBRATION.read_text(encoding="utf-8"))


def tier_from(chance: float, coverage: float, features: dict[str, float]) -> str:
    """Answer when the model is sure enough, offer candidates when plausible, else decline."""
    model = model_for(features)
    if chance >= model["answer_at"]:
        return "answer"
    return "candidates" if chance >= model["candidates_at"] or coverage >= PLAUSIBLE else "none"
