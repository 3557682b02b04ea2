"""Decide from what the search found whether to answer, offer candidates, or decline."""

import functools
import json
import math
from pathlib import Path

CALIBRATION = Path(__file__).parent / "calibration.json"
PLAUSIBLE = 0.95  # an entry that explains this much of the question is worth offering, however unsure


def model_for(features: dict[str, float]) -> dict:
    """The model for the question's script: English questions have one of their own."""
    return calibration()["english" if features.get("english") else "japanese"]


def confidence(features: dict[str, float]) -> float:
    """The calibrated chance that the best match is right (logistic model fitted on the tuning questions)."""
    model = model_for(features)
    z = model["bias"] + sum(weight * features.get(name, 0.0) for name, weight in model["weights"].items())
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
