"""Time a 10,000-row roster import, first run and re-import, against targets.

Run as ``.venv/bin/python bench/roster_import.py``. Without DATABASE_URL the
benchmark migrates a fresh SQLite file in a temporary folder and deletes it at
the end. With DATABASE_URL it uses that database as it is (after a warning) and
refuses to run if it already holds staff, so point it at a throwaway database.
Exit status 1 means a run was over its target or imported the wrong counts.
"""

import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = 10_000
TARGETS = {"first run": 30.0, "re-import": 30.0}  # seconds

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈"
    "曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰建国建华志强"
    "文婷晓东海燕春梅红梅小红丹丹俊杰子涵浩然欣怡思远雨桐佳怡宇航博文一鸣"
)
CITIES = {
    "西安市": ["雁塔区", "碑林区", "莲湖区", "未央区", "长安区"],
    "宝鸡市": ["渭滨区", "金台区", "陈仓区"],
    "咸阳市": ["秦都区", "渭城区", "三原县"],
    "铜川市": ["王益区", "印台区"],
    "渭南市": ["临渭区", "华州区", "蒲城县"],
    "延安市": ["宝塔区", "安塞区", "延川县"],
    "汉中市": ["汉台区", "南郑区", "城固县"],
    "榆林市": ["榆阳区", "横山区", "神木市"],
    "安康市": ["汉滨区", "旬阳市"],
    "商洛市": ["商州区", "洛南县"],
}
OFFICES = ["办公室", "人事科", "财务科", "教育局", "民政局", "司法局"]
POSITIONS = [
    ("科员", 40),
    ("办事员", 10),
    ("副主任科员", 15),
    ("主任科员", 12),
    ("副科长", 8),
    ("科长", 6),
    ("副局长", 4),
    ("局长", 2),
    ("=调研员", 1),  # formula-looking values must import as text
]
GRADES = [
    ("一级科员", 30),
    ("二级科员", 20),
    ("staff-1", 5),
    ("四级主任科员", 15),
    ("三级主任科员", 10),
    ("Level-2 Principal Staff Member", 8),
    ("一级主任科员", 6),
    ("四级调研员", 4),
    ("二级调研员", 2),
]


def configure() -> Path | None:
    """Point Django at the benchmark database; return the temp folder, if any."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings"
    # As deployed: DEBUG off, which needs a real key.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    if os.environ.get("DATABASE_URL"):
        print(
            f"warning: using DATABASE_URL as it is ({os.environ['DATABASE_URL']}); "
            "it is migrated and 10,000 staff are written to it",
            file=sys.stderr,
        )
        return None
    folder = Path(tempfile.mkdtemp(prefix="bench-roster-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    return folder


def department_paths() -> list[str]:
    """Return the leaf paths: 陕西省 / city / district or county / office."""
    return [
        f"陕西省/{city}/{district}/{office}"
        for city, districts in CITIES.items()
        for district in districts
        for office in OFFICES
    ]


def weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def roster_csv(rows: int, seed: int = 20261125) -> bytes:
    """Return a realistic roster of ``rows`` staff as UTF-8 CSV with a BOM."""
    rng = random.Random(seed)
    leaves = department_paths()
    lines = ["工号,姓名,部门,职务,职级,邮箱,在职"]
    for number in range(1, rows + 1):
        employee_id = f"SX{number:06d}"
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        path = rng.choice(leaves)
        if rng.random() < 0.1:
            path = path.rsplit("/", 1)[0]  # some staff sit in the district itself
        email = f"{employee_id.lower()}@shaanxi.gov.cn" if rng.random() < 0.7 else ""
        active = rng.choices(["是", "否", ""], weights=[90, 4, 6])[0]
        fields = [
            employee_id,
            name,
            path,
            weighted(rng, POSITIONS),
            weighted(rng, GRADES),
            email,
            active,
        ]
        lines.append(",".join(fields))
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def timed_import(content: bytes, importer):
    from people.roster import import_roster

    start = time.perf_counter()
    report = import_roster(content=content, filename="roster.csv", importer=importer)
    return report, time.perf_counter() - start


def check(label: str, seconds: float, ok_counts: bool) -> bool:
    target = TARGETS[label]
    print(
        f"roster import, {ROWS} rows, {label}: {seconds:.1f} s (target < {target:.0f} s)",
        flush=True,
    )
    if not ok_counts:
        print(f"  {label}: the import reported the wrong counts", file=sys.stderr)
    return seconds < target and ok_counts


def run() -> bool:
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth import get_user_model

    from people.models import Department, StaffMember

    call_command("migrate", verbosity=0, interactive=False)
    if StaffMember.objects.exists():
        print("the database already holds staff; use an empty one", file=sys.stderr)
        return False
    importer, _created = get_user_model().objects.get_or_create(
        username="bench-roster", defaults={"is_superuser": True}
    )
    content = roster_csv(ROWS)

    first, seconds = timed_import(content, importer)
    departments = Department.objects.count()
    first_ok = check("first run", seconds, first.created == ROWS)
    again, seconds = timed_import(content, importer)
    again_ok = check(
        "re-import",
        seconds,
        again.unchanged == ROWS and Department.objects.count() == departments,
    )
    print(f"  ({departments} departments, {len(first.positions_created)} positions)")
    return first_ok and again_ok


def main() -> int:
    folder = configure()
    try:
        return 0 if run() else 1
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
