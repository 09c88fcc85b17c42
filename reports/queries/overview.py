"""The overview's measures by course (the by-department ones are the roll-up's rows)."""

from .common import Labels
from .completions import enrolments
from .departments import MEASURES, certificate_counts, course_counts, rate_of


def by_course(scope, filters, labels: Labels) -> list[dict]:
    """Per course: the enrolment measures, the completion rate, certificates expiring.

    Two grouped queries, whatever the number of courses.
    """
    counts = course_counts(enrolments(scope, filters), "course_key")
    certificates = certificate_counts(scope, filters, "course_key")
    rows = []
    for key in counts.keys() | certificates.keys():
        row = counts.get(key, dict.fromkeys(MEASURES, 0))
        rows.append(
            {
                "course": labels.course(key),
                "course_key": str(key),
                **row,
                "completion_rate": rate_of(row),
                "expiring": certificates.get(key, {}).get("expiring", 0),
            }
        )
    return sorted(rows, key=lambda row: row["course"])
