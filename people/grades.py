"""The standard civil-service grades (职级) every site starts with."""

# Grades of the comprehensive-management category, from the 2019 provisions on
# parallel positions and grades of civil servants; highest first.
GRADES = [
    ("inspector-1", "一级巡视员", "Level-1 Inspector"),
    ("inspector-2", "二级巡视员", "Level-2 Inspector"),
    ("researcher-1", "一级调研员", "Level-1 Researcher"),
    ("researcher-2", "二级调研员", "Level-2 Researcher"),
    ("researcher-3", "三级调研员", "Level-3 Researcher"),
    ("researcher-4", "四级调研员", "Level-4 Researcher"),
    ("principal-staff-1", "一级主任科员", "Level-1 Principal Staff Member"),
    ("principal-staff-2", "二级主任科员", "Level-2 Principal Staff Member"),
    ("principal-staff-3", "三级主任科员", "Level-3 Principal Staff Member"),
    ("principal-staff-4", "四级主任科员", "Level-4 Principal Staff Member"),
    ("staff-1", "一级科员", "Level-1 Staff Member"),
    ("staff-2", "二级科员", "Level-2 Staff Member"),
]


def ensure_grades(grade_model) -> None:
    """Create or update the standard grades; takes the model so migrations can pass theirs."""
    for rank, (code, name, name_en) in enumerate(reversed(GRADES), start=1):
        grade_model.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "rank": rank}
        )
