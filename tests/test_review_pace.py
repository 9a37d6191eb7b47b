"""Pace and forecast of key results: the arithmetic, on increases and reductions."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.analysis.pace import describe, expected_value, forecast_value, pace

D = dt.date
START, DUE = D(2026, 1, 1), D(2026, 12, 31)  # 364 days apart
MIDYEAR = D(2026, 7, 2)  # 182 days after the start: half way


def plain(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def test_expected_value_is_a_straight_line_from_baseline_to_target() -> None:
    assert expected_value(0, 60, START, DUE, MIDYEAR) == 30
    assert expected_value(100, 20, START, DUE, MIDYEAR) == 60
    assert expected_value(0, 60, START, DUE, D(2025, 12, 1)) == 0
    assert expected_value(0, 60, START, DUE, D(2027, 3, 1)) == 60
    assert expected_value(0, 60, START, START, START) == 0


def test_increase_behind_pace_with_forecast_from_the_baseline() -> None:
    figures = pace(baseline=0, target=60, start=START, due=DUE, today=MIDYEAR, latest=26, points=[(MIDYEAR, 26)])
    assert figures is not None
    assert figures.expected == 30
    assert figures.gap == -4
    assert figures.standing == "behind"
    assert figures.forecast == 52
    assert figures.forecast_meets_target is False
    assert figures.share_gap == pytest.approx(-4 / 60)
    assert describe(figures, plain, "carriers") == "4 carriers behind pace; forecast 52 of 60 by 2026-12-31"


def test_reduction_ahead_of_pace() -> None:
    figures = pace(baseline=100, target=20, start=START, due=DUE, today=MIDYEAR, latest=50, points=[(MIDYEAR, 50)])
    assert figures is not None
    assert figures.expected == 60
    assert figures.gap == 10
    assert figures.standing == "ahead"
    assert figures.forecast == 0
    assert figures.forecast_meets_target is True
    assert describe(figures, plain, "%") == "10\u202f% ahead of pace; forecast 0 of 20 by 2026-12-31"


def test_reduction_behind_pace() -> None:
    figures = pace(
        baseline=100,
        target=20,
        start=START,
        due=DUE,
        today=MIDYEAR,
        latest=70,
        points=[(D(2026, 4, 1), 90), (MIDYEAR, 70)],
    )
    assert figures is not None
    assert figures.gap == -10
    assert figures.standing == "behind"
    # Two check-ins: the line from the baseline through the latest one.
    assert figures.forecast == 40
    assert figures.forecast_meets_target is False
    assert describe(figures, plain) == "10 behind pace; forecast 40 of 20 by 2026-12-31"


def test_on_pace() -> None:
    figures = pace(baseline=0, target=60, start=START, due=DUE, today=MIDYEAR, latest=30, points=[(MIDYEAR, 30)])
    assert figures is not None
    assert figures.standing == "on-pace"
    assert describe(figures, plain, "carriers") == "on pace; forecast 60 of 60 by 2026-12-31"


def test_three_check_ins_give_a_least_squares_line() -> None:
    points = [(START + dt.timedelta(days=100), 20.0), (START + dt.timedelta(days=200), 25.0)]
    points.append((START + dt.timedelta(days=300), 30.0))
    assert forecast_value(points, 0, START, DUE) == pytest.approx(33.2)
    noisy = [(points[0][0], 20.0), (points[1][0], 30.0), (points[2][0], 28.0)]
    assert forecast_value(noisy, 0, START, DUE) == pytest.approx(32.56)
    # Order of the check-ins does not matter.
    assert forecast_value(list(reversed(noisy)), 0, START, DUE) == pytest.approx(32.56)


def test_reduction_fit() -> None:
    points = [(START + dt.timedelta(days=d), v) for d, v in ((91, 90.0), (182, 80.0), (273, 70.0))]
    assert forecast_value(points, 100, START, DUE) == pytest.approx(60.0)


def test_no_forecast_without_elapsed_time_or_check_ins() -> None:
    assert forecast_value([], 0, START, DUE) is None
    assert forecast_value([(START, 5)], 0, START, DUE) is None
    assert forecast_value([(MIDYEAR, 1), (MIDYEAR, 2), (MIDYEAR, 3)], 0, START, DUE) is None


def test_no_latest_value_still_gives_expected_value() -> None:
    figures = pace(baseline=0, target=60, start=START, due=DUE, today=MIDYEAR, latest=None, points=[])
    assert figures is not None
    assert figures.gap is None
    assert figures.forecast is None
    assert describe(figures, plain) == ""
    assert figures.to_dict() == {
        "start": "2026-01-01",
        "due": "2026-12-31",
        "expected": 30.0,
        "gap": None,
        "standing": None,
        "forecast": None,
        "forecast_meets_target": None,
    }


def test_target_equal_to_baseline_has_no_pace() -> None:
    assert pace(baseline=5, target=5, start=START, due=DUE, today=MIDYEAR, latest=5, points=[]) is None
