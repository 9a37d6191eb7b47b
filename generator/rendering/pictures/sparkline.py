"""Sparklines: the trend of a key result's history with its target as a line."""

from __future__ import annotations

import datetime as dt

from generator.model import KeyResult
from generator.rendering.pictures.svg import clean, coord, element, svg_root, title_element, value_text

SPARK_WIDTH = 120.0
SPARK_HEIGHT = 32.0


def sparkline_svg(key_result: KeyResult, *, width: float = SPARK_WIDTH, height: float = SPARK_HEIGHT) -> str:
    """A trend line of a key result's history with its target as a dashed line; "" without history.

    The vertical range covers the values and the target, so the target
    line is always visible; a reduction simply trends downwards to it.
    """
    history = sorted(key_result.history, key=lambda m: m.date)
    if not history:
        return ""
    pad = 4.0
    values = [float(m.value) for m in history]
    target = None if key_result.target is None else float(key_result.target)
    bounds = [*values, *([] if target is None else [target])]
    low, high = min(bounds), max(bounds)
    if high == low:
        margin = max(1.0, abs(low) * 0.1)
        low, high = low - margin, high + margin
    first_day, last_day = history[0].date, history[-1].date
    days = (last_day - first_day).days

    def px(m_date: dt.date) -> float:
        if days == 0:
            return width / 2
        return pad + (m_date - first_day).days / days * (width - 2 * pad)

    def py(value: float) -> float:
        return pad + (high - value) / (high - low) * (height - 2 * pad)

    unit = key_result.unit
    parts = []
    if target is not None:
        target_y = py(target)
        parts.append(
            element(
                "line",
                {"class": "sb-spark-target", "x1": 0.0, "x2": float(width), "y1": target_y, "y2": target_y},
                title_element(f"Target: {value_text(target, unit)}"),
            )
        )
    points = " ".join(f"{coord(px(m.date))},{coord(py(float(m.value)))}" for m in history)
    if len(history) > 1:
        parts.append(element("polyline", {"class": "sb-spark-line", "points": points}))
    for index, measurement in enumerate(history):
        # Every check-in is marked; one with a low or medium confidence is marked as such.
        cls = "sb-spark-point sb-check-in-mark" + (" sb-spark-last" if index == len(history) - 1 else "")
        if measurement.confidence is not None:
            cls += f" sb-confidence-{measurement.confidence.value}"
        parts.append(
            element(
                "circle",
                {
                    "class": cls,
                    "cx": px(measurement.date),
                    "cy": py(float(measurement.value)),
                    "r": 2.5 if index == len(history) - 1 else 1.8,
                },
                title_element(f"{measurement.date.isoformat()}: {value_text(measurement.value, unit)}"),
            )
        )
    first, last = history[0], history[-1]
    aria = (
        f"Trend of {clean(key_result.title)}: {value_text(first.value, unit)} on {first.date.isoformat()}"
        + (f" to {value_text(last.value, unit)} on {last.date.isoformat()}" if len(history) > 1 else "")
        + ("" if target is None else f"; target {value_text(target, unit)}")
    )
    classes = "sb-sparkline sb-spark-reduction" if key_result.is_reduction else "sb-sparkline"
    return svg_root(width, height, classes, aria, parts)
