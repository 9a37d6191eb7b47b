"""Progress bars for key results, objectives and figures, with the percentage written out."""

from __future__ import annotations

from collections.abc import Sequence

from generator.model import KeyResult, Objective
from generator.numbers import format_number
from generator.rendering.pictures.svg import clean, coord, element, escape, value_text
from generator.rendering.text import format_percent


def progress_bar(progress: float | None, text: str, *, classes: Sequence[str] = (), label: str = "Progress") -> str:
    """An inline progress bar: the fill is clamped to 0-100 %, ``text`` carries the real value.

    ARIA's defaults (``aria-valuemin`` 0, ``aria-valuemax`` 100) are left out, and so is
    ``aria-valuetext`` when it would only repeat ``aria-valuenow`` as a percentage.
    """
    cls = ["sb-progress", *classes]
    attrs: dict[str, str | float | None] = {"class": "", "role": "progressbar", "aria-label": label}
    fill = ""
    if progress is None:
        cls.append("sb-progress-none")
        attrs["aria-valuetext"] = text
    else:
        clamped = min(1.0, max(0.0, progress))
        if progress > 1:
            cls.append("sb-progress-beyond")
        elif progress < 0:
            cls.append("sb-progress-behind")
        now = f"{clamped * 100:.0f}"
        attrs["aria-valuenow"] = now
        attrs["aria-valuetext"] = None if text == f"{now} %" else text
        fill = element("span", {"style": f"width:{coord(clamped * 100)}%"}, "")
    attrs["class"] = " ".join(cls)
    track = element("span", {"class": "sb-progress-track"}, fill)
    # The fill and the text are styled by their place (see pictures.css): a site has thousands of bars.
    return element("span", attrs, track + element("span", {}, escape(text)))


def key_result_progress_text(key_result: KeyResult) -> str:
    """E.g. ``45 % · 27 carriers (0 → 60)``; a reduction reads ``44 % · 79 days (94 → 60)``."""
    if key_result.is_binary:
        return "done" if key_result.achieved else "not done yet"
    if key_result.is_threshold or key_result.baseline is None or key_result.target is None:
        return key_result_state(key_result)
    span = f"({format_number(key_result.baseline, grouped=False)} → {format_number(key_result.target, grouped=False)})"
    if key_result.current is None or key_result.progress is None:
        return f"no current value · {value_text(key_result.target, key_result.unit)} targeted {span}"
    return f"{format_percent(key_result.progress)} · {value_text(key_result.current, key_result.unit)} {span}"


def key_result_state(key_result: KeyResult) -> str:
    """Met or not, for a key result that is not a climb: ``met: at least 99.5 %``, ``not done yet``."""
    if key_result.is_binary:
        return "done" if key_result.achieved else "not done yet"
    target = "" if key_result.target is None else value_text(key_result.target, key_result.unit)
    side = "at most" if key_result.holds_at_most else "at least"
    if key_result.current is None:
        return f"no current value · {side} {target} to hold"
    return f"{'met' if key_result.is_met else 'not met'}: {side} {target}"


def key_result_progress(key_result: KeyResult) -> str:
    """The progress bar of a key result, right for reductions and for values beyond the target."""
    classes = ["sb-progress-reduction"] if key_result.is_reduction else []
    return progress_bar(
        key_result.progress,
        key_result_progress_text(key_result),
        classes=classes,
        label=f"Progress of {clean(key_result.title)}",
    )


def objective_progress(objective: Objective) -> str:
    """The progress bar of an objective: the mean clamped progress of its measured key results."""
    progress = objective.progress
    text = "not measured yet" if progress is None else format_percent(progress)
    return progress_bar(progress, text, label=f"Progress of {clean(objective.title)}")
