"""Study-hour arithmetic (学时), without a database."""

from decimal import ROUND_HALF_UP, Decimal


def derive_credit_hours(
    minutes: int | None, *, minutes_per_hour: int = 45, step: Decimal = Decimal("0.5")
) -> Decimal:
    """Return the study hours a course of ``minutes`` earns.

    One 学时 is one class hour of ``minutes_per_hour`` minutes; the result is
    rounded to the nearest ``step`` (halves up), and a course with any length
    earns at least one step.
    """
    if not minutes or minutes <= 0:
        return Decimal("0")
    if step <= 0:
        raise ValueError("step must be positive")
    exact = Decimal(minutes) / Decimal(minutes_per_hour)
    steps = (exact / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return max(steps, Decimal("1")) * step


def progress_percent(done: int, total: int) -> int:
    """Return whole-number progress, never 100 before everything is done."""
    if total <= 0:
        return 0
    if done >= total:
        return 100
    return min(99, (done * 100) // total)
