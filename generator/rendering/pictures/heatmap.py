"""The 5 x 5 risk heat map, each non-empty cell linking to its list of risks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from generator.model import Risk
from generator.rendering.pictures.roadmap_layout import PAD
from generator.rendering.pictures.svg import (
    FONT_SIZE,
    clean,
    coord,
    element,
    escape,
    svg_root,
    text_element,
    text_width,
    title_element,
)

Cell = tuple[int, int]
"""(likelihood, impact), each 1-5."""


def risk_cell_anchor(likelihood: int, impact: int) -> str:
    """The fragment id the risks list uses for one cell, e.g. ``risk-cell-4-5``."""
    return f"risk-cell-{likelihood}-{impact}"


def risks_by_cell(risks: Iterable[Risk]) -> dict[Cell, tuple[Risk, ...]]:
    """Every one of the 25 cells (likelihood 5 to 1, impact 1 to 5) with its risks in input order."""
    cells: dict[Cell, list[Risk]] = {(lik, imp): [] for lik in range(5, 0, -1) for imp in range(1, 6)}
    for risk in risks:
        cells[(risk.likelihood, risk.impact)].append(risk)
    return {cell: tuple(found) for cell, found in cells.items()}


def heat_band(likelihood: int, impact: int) -> Literal["low", "medium", "high", "critical"]:
    """Score bands; 15 and above is critical, matching the unmitigated-risk check."""
    score = likelihood * impact
    if score >= 15:
        return "critical"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


HEAT_CELL = 60.0


def heat_map_svg(
    risks: Iterable[Risk],
    *,
    url_for_cell: Callable[[int, int], str] | None = None,
    label: str = "Risk heat map",
) -> str:
    """A 5 x 5 likelihood-by-impact grid; each cell shows its count and links to its risks.

    ``url_for_cell(likelihood, impact)`` gives the link of a non-empty cell
    (default ``#risk-cell-L-I``); empty cells show 0 and link nowhere.
    """
    link = url_for_cell or (lambda lik, imp: "#" + risk_cell_anchor(lik, imp))
    cells = risks_by_cell(risks)
    left = PAD + 22 + 20  # axis title, then tick numbers
    top = PAD
    size = HEAT_CELL
    parts: list[str] = []
    for (lik, imp), found in cells.items():
        x = left + (imp - 1) * size
        y = top + (5 - lik) * size
        band = heat_band(lik, imp)
        count = len(found)
        rect = element(
            "rect", {"class": "sb-heat-cell", "x": x + 1, "y": y + 1, "width": size - 2, "height": size - 2, "rx": "4"}
        )
        number = text_element(
            x + size / 2,
            y + size / 2 + 6,
            str(count),
            "sb-heat-count" if count else "sb-heat-count sb-heat-zero",
            16 if count else 13,
            anchor="middle",
        )
        attrs: dict[str, str | float | None] = {
            "class": f"sb-heat sb-heat-{band}" + ("" if count else " sb-heat-empty"),
            "data-likelihood": str(lik),
            "data-impact": str(imp),
            "data-count": str(count),
        }
        score = lik * imp
        if count:
            names = "; ".join(clean(r.title) for r in found)
            plural = "s" if count > 1 else ""
            tooltip = f"Likelihood {lik} × impact {imp} (score {score}): {count} risk{plural}: {names}"
            attrs["href"] = link(lik, imp)
            parts.append(element("a", attrs, title_element(tooltip) + rect + number))
        else:
            tooltip = f"Likelihood {lik} × impact {imp} (score {score}): no risks"
            parts.append(element("g", attrs, title_element(tooltip) + rect + number))
    grid_bottom = top + 5 * size
    for index in range(1, 6):
        parts.append(
            text_element(
                left + (index - 0.5) * size,
                grid_bottom + 16,
                str(index),
                "sb-heat-tick sb-heat-tick-x",
                FONT_SIZE,
                anchor="middle",
            )
        )
        parts.append(
            text_element(
                left - 8,
                top + (5 - index + 0.5) * size + 4,
                str(index),
                "sb-heat-tick sb-heat-tick-y",
                FONT_SIZE,
                anchor="end",
            )
        )
    parts.append(
        text_element(
            left + 2.5 * size,
            grid_bottom + 34,
            "Impact (1 minor – 5 severe)",
            "sb-heat-axis",
            FONT_SIZE,
            anchor="middle",
        )
    )
    cy = top + 2.5 * size
    parts.append(
        element(
            "text",
            {
                "x": PAD + 12,
                "y": cy,
                "class": "sb-heat-axis",
                "transform": f"rotate(-90 {coord(PAD + 12)} {coord(cy)})",
            },
            escape("Likelihood (1 rare – 5 almost certain)"),
        )
    )
    total = sum(len(found) for found in cells.values())
    width = max(left + 5 * size + PAD, left + 2.5 * size + text_width("Impact (1 minor – 5 severe)") / 2 + PAD)
    height = grid_bottom + 34 + PAD
    plural = "" if total == 1 else "s"
    aria = f"{clean(label)}: {total} risk{plural} by likelihood and impact; the list below names them"
    return svg_root(width, height, "sb-heatmap", aria, parts)
