"""The study the built-in curriculum is written from, and the names of its parts.

The study (in ``shared/source`` beside the repository, not shipped with it) is
by 王坤, of the Party School of the CPC Shaanxi Provincial Committee. It is
undated; its content dates it: it cites the 19th Central Committee's third
plenary session (2018) and predates the 2021 data laws. A lesson's
``sources:`` name its parts by the keys of ``SECTIONS``, and the loader
refuses any other key.
"""

# key -> the part's name in each language, as the study numbers it (the
# unnumbered problem paragraphs by their topic).
SECTIONS = {
    "2.2.1": {
        "zh-hans": "2.2.1 优化政府组织结构和流程",
        "en": "2.2.1 Optimise the government's organisation and processes",
    },
    "2.2.2": {
        "zh-hans": "2.2.2 完善政府的相关运行机制",
        "en": "2.2.2 Improve the government's operating mechanisms",
    },
    "2.2.3": {
        "zh-hans": "2.2.3 进一步优化政府服务方式和方法",
        "en": "2.2.3 Further improve how government services are delivered",
    },
    "2.3.1": {
        "zh-hans": "2.3.1 加强基础设施建设和专业人才的培养",
        "en": "2.3.1 Strengthen infrastructure and train specialists",
    },
    "2.3.2": {
        "zh-hans": "2.3.2 完善相关的法律法规体系建设",
        "en": "2.3.2 Complete the system of laws and regulations",
    },
    "2.3.3": {
        "zh-hans": "2.3.3 保障信息安全",
        "en": "2.3.3 Safeguard information security",
    },
    "digital-divide": {
        "zh-hans": "问题：数字鸿沟（互联网覆盖的广度与深度）",
        "en": "The problems: the digital divide (breadth and depth of coverage)",
    },
    "top-level-design": {
        "zh-hans": "问题：顶层设计缺乏方法论支持",
        "en": "The problems: top-level design without a method",
    },
    "coordination": {
        "zh-hans": "问题：职能统筹协调不到位",
        "en": "The problems: functions not coordinated",
    },
    "sharing": {
        "zh-hans": "问题：信息共享与开放、工作协同机制",
        "en": "The problems: information sharing and openness, working together",
    },
    "mindset": {
        "zh-hans": "问题：思想观念（“技术先行、意识落后”）",
        "en": "The problems: mindset (“technology first, awareness behind”)",
    },
    "legal": {
        "zh-hans": "问题：法律法规",
        "en": "The problems: laws and regulations",
    },
    "security-situation": {
        "zh-hans": "问题：信息安全形势",
        "en": "The problems: the information-security situation",
    },
    "people-first": {
        "zh-hans": "对策导语：出发点和落脚点，以“民本位”代替“官本位”",
        "en": (
            "The remedies, introduction: serving the people as the aim, "
            "“people first” instead of “officials first”"
        ),
    },
}

# What every course page says of the study (the course metadata carries it too).
NOTE = {
    "zh-hans": (
        "本课程依据王坤（中共陕西省委党校（陕西行政学院））关于“互联网+政务服务”的研究编写。"
        "该研究未署日期，从内容推断约写于2018—2020年：它引用党的十九届三中全会（2018年），"
        "早于2021年的《数据安全法》和《个人信息保护法》。"
        "课程中注明“研究当时”的判断，以后来的法律为准。"
    ),
    "en": (
        "This course is written from a study of “Internet + government services” by "
        "Wang Kun (Party School of the CPC Shaanxi Provincial Committee, Shaanxi "
        "Academy of Governance). The study is undated; its content places it around "
        "2018–2020: it cites the third plenary session of the 19th Central Committee "
        "(2018) and predates the Data Security Law and the Personal Information "
        "Protection Law of 2021. Where the course marks a view as the study's at its "
        "time, later law prevails."
    ),
}

STUDY_LABEL = {"zh-hans": "研究", "en": "Study"}


def source_text(source: dict, language: str) -> dict:
    """Return one lesson source as shown: ``{"kind", "text"}`` in ``language``."""
    if "law" in source:
        return {"kind": "law", "text": source["law"][language]}
    text = SECTIONS[source["study"]][language]
    detail = (source.get("detail") or {}).get(language)
    if detail:
        text += f"（{detail}）" if language == "zh-hans" else f" ({detail})"
    # A middle dot, not a colon: the problem paragraphs' names have colons of their own.
    return {"kind": "study", "text": f"{STUDY_LABEL[language]} · {text}"}
