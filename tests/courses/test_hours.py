from decimal import Decimal

import pytest

from courses.hours import derive_credit_hours, progress_percent


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (45, "1.0"),
        (90, "2.0"),
        (100, "2.0"),  # 2.22 class hours round to 2
        (110, "2.5"),  # 2.44 → 2.5
        (10, "0.5"),  # any course earns at least one step
        (0, "0"),
        (None, "0"),
    ],
)
def test_hours_are_class_hours_rounded_to_half_steps(minutes, expected):
    assert derive_credit_hours(minutes) == Decimal(expected)


def test_site_rules_change_the_class_hour_and_the_step():
    assert derive_credit_hours(120, minutes_per_hour=60, step=Decimal("1")) == 2
    assert derive_credit_hours(50, minutes_per_hour=40, step=Decimal("0.25")) == (
        Decimal("1.25")
    )


def test_progress_never_shows_100_before_everything_is_done():
    assert progress_percent(0, 3) == 0
    assert progress_percent(1, 3) == 33
    assert progress_percent(199, 200) == 99
    assert progress_percent(3, 3) == 100
    assert progress_percent(0, 0) == 0
