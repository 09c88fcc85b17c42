"""English names of the common positions (职务), for rows created without one."""

# Leadership and non-leadership posts as county and municipal offices name
# them; a position outside this list keeps an empty English name until an
# administrator gives it one, and shows its Chinese name meanwhile.
POSITION_NAMES_EN = {
    "科员": "Staff Member",
    "办事员": "Clerk",
    "副科长": "Deputy Section Chief",
    "科长": "Section Chief",
    "人事科科长": "Head of the Personnel Section",
    "副主任": "Deputy Director",
    "主任": "Director",
    "副处长": "Deputy Division Director",
    "处长": "Division Director",
    "副局长": "Deputy Bureau Director",
    "局长": "Bureau Director",
    "副县长": "Deputy County Head",
    "县长": "County Head",
    "副乡长": "Deputy Township Head",
    "乡长": "Township Head",
    "副镇长": "Deputy Town Head",
    "镇长": "Town Head",
    "讲师": "Lecturer",
    "教研室主任": "Head of the Teaching and Research Office",
    "信息中心主任": "Director of the Information Centre",
}


def english_name(name: str) -> str:
    return POSITION_NAMES_EN.get(name.strip(), "")
