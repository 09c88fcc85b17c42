"""Page throughput: a learner's lesson page against a minimal Django view.

Seeds a scratch PostgreSQL database (a learner, 200 published courses, one with
five lessons, the learner started on it), serves it with gunicorn (2 sync
workers, DEBUG=0, persistent connections) and loads each page with ApacheBench
(``ab``, Debian's apache2-utils: ``scripts/system-deps.sh --bench``) from the
same machine.

"The default Wagtail page" is a plain ``wagtailcore.Page`` under the site's
root page, served by Wagtail's serve view with the template Wagtail ships for
it (``wagtailcore/page.html``: the title, no queries of its own) through the
project's full middleware stack.

Run as ``pages.py seed`` or ``pages.py queries TARGETS SESSION`` (with
``DJANGO_SETTINGS_MODULE`` set) the script is the Django side of the benchmark.
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener

from _server import ROOT, gunicorn, manage, run_python, scratch_database

SCRIPT = str(Path(__file__).resolve().relative_to(ROOT))
COURSES = 200
LESSONS = 5
CONCURRENCY = 8
SECONDS = 8  # each measured run lasts this long (ab -t)
# Each page's target, as a share of the minimal view's rate in the same run:
# the lesson page at half (issue 18), the catalogue at a quarter (issue 12).
TARGETS = {
    "lesson": 0.5,
    "catalogue anonymous": 0.25,
    "catalogue learner": 0.25,
}
FIRST_VISIT_TARGET = 150 * 1024
NEXT_VISIT_TARGET = 30 * 1024


def main() -> int:
    if shutil.which("ab") is None:
        print("ab not found: run scripts/system-deps.sh --bench (apache2-utils)")
        return 1
    # ab, gunicorn and PostgreSQL share the machine: anything else running skews it.
    print(
        f"  {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the run"
    )
    with scratch_database("pages_bench") as url:
        # DEBUG=0 renders static URLs from whitenoise's manifest.
        manage("collectstatic", "--noinput", "-v0", database_url=url)
        site = json.loads(run_python(SCRIPT, "seed", database_url=url))
        targets = _targets(site)
        queries = json.loads(
            run_python(
                SCRIPT,
                "queries",
                json.dumps(targets),
                site["session"],
                database_url=url,
            )
        )
        with gunicorn(url, workers=2) as base:
            _check_lesson(base, site)
            # The learner's browser holds the CSRF cookie from its first page,
            # and sends it back with the session's on every later one.
            cookies = [f"sessionid={site['session']}", _csrf_cookie(base, site)]
            rates = {
                label: measure(base + path, cookies if signed_in else [])
                for label, path, signed_in in targets
            }
            sizes = transfer_sizes(base, site)
    met = _report(targets, rates, queries, sizes)
    return 0 if met else 1


def _targets(site: dict) -> list[tuple[str, str, bool]]:
    """Return (label, path, signed in) for every page measured, in table order."""
    return [
        ("minimal", "/healthz", False),
        ("wagtail default", site["default_page"], False),
        ("catalogue anonymous", site["catalogue"], False),
        ("catalogue learner", site["catalogue"], True),
        ("lesson", site["lesson"], True),
    ]


# Load ------------------------------------------------------------------------


def measure(url: str, cookies: list[str]) -> tuple[float, int]:
    """Warm ``url`` up, then load it for SECONDS; return (req/s, requests)."""
    ab(url, cookies, "-n", "200")
    return ab(url, cookies, "-t", str(SECONDS), "-n", "200000")


def ab(url: str, cookies: list[str], *limits: str) -> tuple[float, int]:
    """Run ApacheBench; return (req/s, requests), failing on any non-2xx answer."""
    command = ["ab", "-q", "-c", str(CONCURRENCY), *limits]
    if cookies:
        # One Cookie header, as a browser sends them.
        command += ["-C", "; ".join(cookies)]
    result = subprocess.run([*command, url], capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"ab failed on {url}: {result.stderr}")
    out = result.stdout
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{non_2xx.group(1)} non-2xx responses from {url}")
    # Length failures only mean the body size varied (e.g. a CSRF token).
    broken = re.search(
        r"Connect: (\d+), Receive: (\d+), Length: \d+, Exceptions: (\d+)", out
    )
    if broken and any(int(n) for n in broken.groups()):
        raise RuntimeError(f"failed requests on {url}: {broken.group(0)}")
    rate = re.search(r"Requests per second:\s+([\d.]+)", out).group(1)
    complete = re.search(r"Complete requests:\s+(\d+)", out).group(1)
    return float(rate), int(complete)


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, session: str | None = None) -> tuple[bytes, bytes]:
    """GET ``url`` as a browser accepting gzip would; return (bytes sent, body).

    A redirect raises ``HTTPError``: a lesson must not bounce to the login page.
    """
    headers = {"Accept-Encoding": "gzip"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    with build_opener(_NoRedirect).open(Request(url, headers=headers)) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        sent = response.read()
        gzipped = response.headers.get("Content-Encoding") == "gzip"
    return sent, gzip.decompress(sent) if gzipped else sent


def _check_lesson(base: str, site: dict) -> None:
    try:
        _sent, body = fetch(base + site["lesson"], site["session"])
    except HTTPError as error:
        raise RuntimeError(f"lesson page answered {error.code}, not 200") from error
    if site["lesson_title"] not in body.decode():
        raise RuntimeError("the lesson page does not show the lesson's title")


def _csrf_cookie(base: str, site: dict) -> str:
    """The ``csrftoken=…`` cookie the lesson page sets on a first visit."""
    request = Request(
        base + site["lesson"], headers={"Cookie": f"sessionid={site['session']}"}
    )
    with build_opener(_NoRedirect).open(request) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("csrftoken="):
                return header.split(";", 1)[0]
    raise RuntimeError("the lesson page set no CSRF cookie")


class _Stylesheets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.hrefs.append(attrs["href"])


def transfer_sizes(base: str, site: dict) -> dict:
    """Return the bytes sent for the lesson's HTML and for each stylesheet it links."""
    html, body = fetch(base + site["lesson"], site["session"])
    links = _Stylesheets()
    links.feed(body.decode())
    return {
        "html": len(html),
        "html_raw": len(body),
        "css": {href: len(fetch(base + href)[0]) for href in links.hrefs},
    }


# Report ----------------------------------------------------------------------


def _report(targets, rates, queries, sizes) -> None:
    print(f"  {'page':<20} {'path':<40} {'req/s':>7} {'requests':>9} {'SQL':>4}")
    for label, path, signed_in in targets:
        rate, requests = rates[label]
        who = " (learner)" if signed_in else ""
        print(
            f"  {label:<20} {path + who:<40} {rate:>7.0f} {requests:>9,}"
            f" {queries[label]['count']:>4}"
        )
    print(
        f"  ab -c {CONCURRENCY} for {SECONDS} s after 200 warm-up requests; gunicorn"
        " 2 sync workers, DEBUG=0, PostgreSQL. SQL: queries of a warm request."
    )
    hint = ", ".join(f"{t} {n}" for t, n in queries["lesson"]["tables"])
    print(f"  lesson page SQL by table: {hint}")
    met = True
    for label, wanted in TARGETS.items():
        share = rates[label][0] / rates["minimal"][0]
        verdict = "met" if share >= wanted else "NOT met"
        met = met and share >= wanted
        print(
            f"{label}: {share:.1%} of the minimal view's rate in this run;"
            f" target {wanted:.0%}: {verdict}"
        )
    _report_sizes(sizes)
    return met


def _report_sizes(sizes: dict) -> None:
    css = sum(sizes["css"].values())
    first = sizes["html"] + css
    encoding = "gzip" if sizes["html"] < sizes["html_raw"] else "uncompressed"
    print(
        f"Lesson page HTML: {sizes['html']:,} bytes sent ({encoding};"
        f" {sizes['html_raw']:,} bytes raw); CSS: "
        + ", ".join(f"{href} {n:,} bytes" for href, n in sizes["css"].items())
    )
    for label, size, target in (
        ("first visit (HTML + CSS)", first, FIRST_VISIT_TARGET),
        ("next visit (HTML)", sizes["html"], NEXT_VISIT_TARGET),
    ):
        verdict = "within" if size <= target else "OVER"
        print(
            f"  {label}: {size / 1024:.1f} KB, {verdict} the {target // 1024} KB target"
        )


# Django side -----------------------------------------------------------------


def seed() -> dict:
    """Seed the scratch database; return the URLs and the learner's session key."""
    from courses.models import CataloguePage
    from courses.services import complete_lesson, start_course

    catalogue = CataloguePage.objects.get(locale__language_code="zh-hans")
    learner = _learner()
    courses = [_course(catalogue, n) for n in range(COURSES)]
    lessons = [_lesson(courses[0], n) for n in range(1, LESSONS + 1)]
    start_course(user=learner, course=courses[0])
    complete_lesson(user=learner, lesson=lessons[0])
    return {
        "catalogue": catalogue.url,
        "lesson": lessons[1].url,
        "lesson_title": lessons[1].title,
        "default_page": _default_page().url,
        "session": _session_key(learner),
    }


def _learner():
    import secrets

    from people.services import create_user, ensure_department, save_staff_member

    # Accounts are named by employee ID (people.roster), as xAPI actors are.
    user = create_user(username="E900001", password=secrets.token_urlsafe(16))
    save_staff_member(
        user=user,
        employee_id="E900001",
        name="王晓明",
        department=ensure_department(path="陕西省/西安市/行政审批服务局"),
        position="科员",
        grade_code="staff-1",
    )
    return user


def _course(catalogue, n: int):
    from courses.models import CoursePage

    topic, summary = COURSE_TOPICS[n % len(COURSE_TOPICS)]
    edition = n // len(COURSE_TOPICS) + 1
    page = CoursePage(
        title=f"{topic}（第{edition}期）" if edition > 1 else topic,
        slug=f"course-{n:03d}",
        summary=summary,
        locale=catalogue.locale,
        kind="elective",
        estimated_minutes=90,
    )
    catalogue.add_child(instance=page)
    page.save_revision().publish()
    return page


def _lesson(course, number: int):
    from courses.models import LessonPage

    stream_block = LessonPage.body.field.stream_block
    # Code that writes StreamField data validates it itself (STYLE.md).
    body = stream_block.clean(stream_block.to_python(LESSON_BODY))
    page = LessonPage(
        title=LESSON_TITLES[number - 1],
        slug=f"lesson-{number}",
        summary="本课介绍国家机关处理个人信息时应当遵循的基本原则和工作要求。",
        estimated_minutes=18,
        body=body,
        locale=course.locale,
    )
    course.add_child(instance=page)
    page.save_revision().publish()
    return page


def _default_page():
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    page = Page(title="基准测试页面", slug="bench-default-page")
    root.add_child(instance=page)
    page.save_revision().publish()
    return page


def _session_key(user) -> str:
    """Log ``user`` in the way ``django.contrib.auth.login`` does; return the key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "people.backends.CachedUserBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def count_queries(targets: list, session: str) -> dict:
    """Return each page's SQL query count on its third request, and its tables."""
    from collections import Counter

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for label, path, signed_in in targets:
        client = Client(HTTP_HOST="127.0.0.1")
        if signed_in:
            client.cookies["sessionid"] = session
        # The first requests fill the caches (per process, then whole pages).
        client.get(path)
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        if status != 200:
            raise RuntimeError(f"{path} answered {status} to the test client")
        tables = Counter(
            match.group(1) if match else "other"
            for match in (
                re.search(r'FROM "(\w+)"', query["sql"])
                for query in captured.captured_queries
            )
        )
        counts[label] = {"count": len(captured), "tables": tables.most_common(10)}
    return counts


def django_side(command: str, *args: str) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    if command == "seed":
        print(json.dumps(seed(), ensure_ascii=False))
    elif command == "queries":
        print(json.dumps(count_queries(json.loads(args[0]), args[1])))
    else:
        raise SystemExit(f"unknown command {command}")


# Content ---------------------------------------------------------------------

COURSE_TOPICS = [
    ("政务数据安全与个人信息保护", "依法处理政务数据和个人信息的原则、措施与案例。"),
    ("数字政府建设概论", "数字政府建设的总体框架、重点任务和地方实践。"),
    ("一网通办业务流程再造", "以群众办事需求为中心，梳理和优化跨部门办事流程。"),
    ("行政审批制度改革", "简政放权、放管结合、优化服务改革的主要举措。"),
    ("公文写作与处理", "党政机关公文的种类、格式和办理程序。"),
    ("依法行政与行政复议", "行政行为的合法性要求和行政复议的程序。"),
    ("保密工作基本知识", "国家秘密的范围、密级和日常保密管理要求。"),
    ("政务公开实务", "主动公开、依申请公开的办理流程和答复规范。"),
    ("突发事件应急管理", "应急预案、信息报告和应急处置的基本要求。"),
    ("优化营商环境条例解读", "市场主体保护、政务服务和监管执法的制度要求。"),
]

LESSON_TITLES = [
    "政务数据的分类分级",
    "个人信息处理的基本原则",
    "数据共享中的安全要求",
    "常见安全风险与应对",
    "安全事件的报告与处置",
]

LESSON_BODY = [
    {
        "type": "rich_text",
        "value": (
            "<p>在为群众和企业办理政务服务事项的过程中，工作人员每天都会接触大量"
            "个人信息，例如姓名、身份证件号码、住址、联系电话、银行账户和健康状况等。"
            "这些信息一旦被泄露、篡改或者滥用，不仅会损害当事人的合法权益，也会削弱"
            "群众对政府的信任。</p><p>《中华人民共和国个人信息保护法》明确规定，国家"
            "机关为履行法定职责处理个人信息，应当依照法律、行政法规规定的权限和程序"
            "进行，不得超出履行法定职责所必需的范围和限度。</p>"
        ),
    },
    {
        "type": "heading",
        "value": {"text": "合法、正当、必要和诚信", "level": "h2"},
    },
    {
        "type": "rich_text",
        "value": (
            "<p>合法、正当、必要和诚信是处理个人信息的首要原则。所谓合法，是指处理"
            "活动必须有明确的法律依据；所谓正当，是指处理目的和方式符合社会公众的"
            "合理预期；所谓必要，是指只收集与办理事项直接相关的最少信息，不因为“以后"
            "可能用得上”而多收集；所谓诚信，是指不得通过误导、欺诈、胁迫等方式处理"
            "个人信息。</p><p>窗口工作人员在设计申请表格时，应当逐项说明每一项信息的"
            "用途，删除与审批无关的栏目。</p>"
        ),
    },
    {
        "type": "callout",
        "value": {
            "kind": "key_point",
            "title": "要点",
            "body": (
                "<p>国家机关处理个人信息，必须以法定职责为依据，只收集办事必需的"
                "最少信息，并告知当事人处理规则。敏感个人信息要单独告知、严格保护。</p>"
            ),
        },
    },
    {
        "type": "rich_text",
        "value": (
            "<p>公开透明原则要求告知当事人处理规则。办理事项前，应当以清晰易懂的"
            "语言告知申请人：收集哪些信息、用于什么目的、保存多长时间、会与哪些部门"
            "共享，以及查询、更正和删除信息的途径。</p><p>对于敏感个人信息，例如"
            "生物识别、宗教信仰、特定身份、医疗健康、金融账户和行踪轨迹，以及不满"
            "十四周岁未成年人的个人信息，只有在具有特定目的和充分必要性、并采取严格"
            "保护措施的情形下方可处理，并应当单独告知。</p>"
        ),
    },
    {
        "type": "case_study",
        "value": {
            "title": "社区代办员转发身份证照片",
            "situation": (
                "<p>某街道便民服务中心为方便老年人办理养老保险资格认证，安排社区"
                "代办员上门收集材料。一名代办员为图省事，把二十多位老人的身份证照片"
                "和银行卡照片发到了自己的微信工作群里，群里还有几名物业公司的员工。</p>"
            ),
            "question": "这种做法违反了哪些原则？服务中心应当如何整改？",
            "discussion": (
                "<p>这种做法超出必要范围，向无关人员提供了敏感个人信息，违反了必要"
                "原则和安全保障原则。服务中心应当立即要求删除相关信息并核实扩散范围，"
                "向信息安全负责人报告；今后应当使用政务服务系统的代办功能上传材料，"
                "明确代办员的权限和保密责任，并对相关人员开展培训。</p>"
            ),
        },
    },
    {
        "type": "rich_text",
        "value": (
            "<p>质量原则要求保证个人信息准确完整，避免因信息不准确对当事人造成不利"
            "影响。发现信息有误的，应当及时更正；当事人提出更正申请的，应当在规定时限"
            "内核实处理。存储期限应当为实现处理目的所必要的最短时间，办结归档的纸质"
            "材料应当按照档案管理规定保管，电子数据应当设定保存期限，到期后依规删除"
            "或者匿名化处理。</p><p>安全保障原则要求采取必要措施保障所处理个人信息的"
            "安全。常见措施包括：按照岗位职责设置最小化的访问权限；对身份证件号码等"
            "字段进行加密存储和脱敏显示；对批量导出、下载和打印操作进行审批和留痕；"
            "定期开展安全培训和检查。每一名工作人员都是数据安全的第一道防线，不能因为"
            "工作繁忙而在非工作场合传递含有个人信息的材料，更不能将工作账号借给他人"
            "使用。</p>"
        ),
    },
    {
        "type": "rich_text",
        "value": (
            "<p>部门之间共享个人信息，同样要遵循上述原则。提出共享需求的部门应当"
            "说明法律依据、使用目的和所需字段，提供数据的部门只提供满足目的所需的"
            "字段，能够通过核验接口返回“是”或“否”的，就不提供原始数据。共享数据"
            "只能用于申请时说明的目的，不得转给第三方，也不得用于商业用途。</p>"
            "<p>当事人依法享有查阅、复制、更正、补充和删除其个人信息的权利。收到"
            "当事人的请求后，经办人员应当登记受理，核实身份，在规定时限内答复；不能"
            "满足请求的，应当说明理由和救济途径。处理个人信息的每一个环节都应当有"
            "记录可查，做到谁经办、谁负责，出现问题能够及时追溯到具体环节和人员。</p>"
        ),
    },
    {
        "type": "check",
        "value": {
            "question": "为办理一项行政许可，下列哪种做法符合必要原则？",
            "choices": [
                {"text": "只收集法规规定的申请材料所需的信息", "correct": True},
                {
                    "text": "顺便收集申请人家庭成员的工作单位，便于日后核查",
                    "correct": False,
                },
                {"text": "要求申请人提供近三年的全部银行流水", "correct": False},
            ],
            "explanation": (
                "<p>必要原则要求只收集与办理事项直接相关的最少信息。与审批无关的"
                "信息即使“以后可能有用”，也不应收集。</p>"
            ),
        },
    },
]


if __name__ == "__main__":
    if len(sys.argv) > 1:
        django_side(*sys.argv[1:])
    else:
        sys.exit(main())
