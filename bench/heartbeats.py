"""Heartbeats of verified study time: 2,000 learners on their lesson pages at once.

Each learner's page posts a beat every 30 s (``ledger.timekeeping.BEAT_SECONDS``),
so 2,000 learners send about 67 beats a second. The bench serves the site
with gunicorn (2 workers) on a scratch PostgreSQL database, sends that load
for ``BENCH_HEARTBEAT_SECONDS`` (60 by default) with each learner's own
session and ticket, and meanwhile loads one learner's lesson page twice a
second. It prints the beats' p50/p95 latency, the gunicorn workers' share of
the machine's CPU time, and the lesson page's latency before and during the load.

Before the measured window every learner's page sends its first beat, which
creates the learner's study clock, as it did when they opened the lesson:
2,000 learners reading at once are a steady state, not 2,000 arrivals in the
same 30 seconds.

Target (issue 14, "heartbeat statements are cheap"; the issue sets no figure):
the workers under half the machine's CPU time while serving 2,000 learners,
and both the beats' p95 and the lesson page's p95 during the load under
``LATENCY_TARGET_MS``. An earlier version of this bench asked the beats' p95
to be under the lesson page's; that compared a durable write (a committed
statement and the clock's row) with a page served from the cache, and is
still printed, as a comparison, not as the target.
"""

import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import gunicorn, manage, run_python, scratch_database  # noqa: E402

LEARNERS = int(os.environ.get("BENCH_HEARTBEAT_LEARNERS", "2000"))
SECONDS = float(os.environ.get("BENCH_HEARTBEAT_SECONDS", "60"))
INTERVAL = 30.0
# A beat is a background request the learner never waits for; the page is.
# 100 ms is the limit under which a response reads as immediate.
LATENCY_TARGET_MS = 100.0
SCRIPT = "bench/heartbeats.py"


def main() -> int:
    import httpx

    print(
        f"  {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the run"
    )
    with scratch_database("heartbeat_bench") as url:
        manage("collectstatic", "--noinput", "-v0", database_url=url)
        site = json.loads(run_python(SCRIPT, "seed", str(LEARNERS), database_url=url))
        with gunicorn(url, workers=2) as base:
            # A worker's first lesson page is rendered cold: allow it time.
            with httpx.Client(base_url=base, timeout=60) as client:
                idle = page_latencies(client, site, 30, 0.05)
            asyncio.run(warm_up(base, site))
            workers = _worker_pids()
            before = _cpu_seconds(workers)
            started = time.monotonic()
            beats, busy = asyncio.run(load(base, site))
            wall = time.monotonic() - started
            share = (_cpu_seconds(workers) - before) / wall / os.cpu_count()
    return report(beats, busy, idle, share, wall)


async def load(base: str, site: dict):
    import httpx

    latencies: list[float] = []
    page: list[float] = []
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        start = time.monotonic()
        plan = sorted(
            (random.uniform(0, INTERVAL) + k * INTERVAL, n)
            for n in range(len(site["learners"]))
            for k in range(int(SECONDS // INTERVAL) + 1)
        )
        plan = [(t, n) for t, n in plan if t < SECONDS]
        tasks = [asyncio.create_task(_page_loop(client, site, page, start))]
        for at, n in plan:
            delay = start + at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_beat(client, site, n, latencies)))
        await asyncio.gather(*tasks)
    return latencies, page


async def warm_up(base: str, site: dict, concurrency: int = 4) -> None:
    """Send each learner's first beat, a few at a time, before the measured window."""
    import httpx

    queue = list(range(len(site["learners"])))

    async def sender(client):
        while queue:
            await _beat(client, site, queue.pop(), [])

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await asyncio.gather(*(sender(client) for _n in range(concurrency)))


async def _beat(client, site, n: int, latencies: list) -> None:
    session, ticket = site["learners"][n]
    began = time.monotonic()
    response = await client.post(
        "/ledger/time/beat/",
        data={"ticket": ticket, "session": site["sessions"][n], "active": "30"},
        headers={"Cookie": f"sessionid={session}"},
    )
    if response.status_code != 200:
        raise RuntimeError(f"beat answered {response.status_code}: {response.text}")
    latencies.append(time.monotonic() - began)


async def _page_loop(client, site, page: list, start: float) -> None:
    while time.monotonic() - start < SECONDS:
        began = time.monotonic()
        response = await client.get(
            site["lesson"], headers={"Cookie": f"sessionid={site['reader']}"}
        )
        if response.status_code != 200:
            raise RuntimeError(f"lesson page answered {response.status_code}")
        page.append(time.monotonic() - began)
        await asyncio.sleep(0.5)


def page_latencies(client, site, count: int, pause: float) -> list[float]:
    found = []
    for _n in range(count):
        began = time.monotonic()
        client.get(site["lesson"], headers={"Cookie": f"sessionid={site['reader']}"})
        found.append(time.monotonic() - began)
        time.sleep(pause)
    return found[10:]  # the first requests fill the workers' caches


def _worker_pids() -> list[int]:
    """The gunicorn processes this bench started (the master and its workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"gunicorn" in command and b"lms.wsgi" in command:
                pids.append(int(entry.name))
    return pids


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(beats, page, idle, share, wall) -> int:
    rate = len(beats) / wall
    print(
        f"  {LEARNERS} learners, one beat each every {INTERVAL:.0f} s, for {wall:.0f} s: "
        f"{len(beats)} beats ({rate:.1f}/s)"
    )
    print(
        f"  beats: p50 {statistics.median(beats) * 1000:.1f} ms, p95 {_p(beats, 0.95):.1f} ms"
    )
    print(f"  gunicorn's CPU share of the machine while serving them: {share:.0%}")
    print(
        f"  lesson page, same run: before the load p95 {_p(idle, 0.95):.1f} ms; "
        f"during it p50 {statistics.median(page) * 1000:.1f} ms, p95 {_p(page, 0.95):.1f} ms"
    )
    beat_p95, page_p95 = _p(beats, 0.95), _p(page, 0.95)
    print(f"  beats' p95 / lesson page's p95 in this run: {beat_p95 / page_p95:.2f}")
    ok = share < 0.5 and max(beat_p95, page_p95) < LATENCY_TARGET_MS
    print(
        f"  target: CPU share under 50 %, beats' and lesson page's p95 under "
        f"{LATENCY_TARGET_MS:.0f} ms — {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


# Django side -----------------------------------------------------------------


def seed(count: int) -> dict:
    import uuid

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from pages import _session_key  # the pages bench's way to sign in

    from courses.models import CataloguePage
    from courses.services import start_course
    from ledger import timekeeping as tk
    from people.models import Grade, Position, StaffMember
    from people.services import ensure_department
    from tests.factories.courses import make_course

    catalogue = CataloguePage.objects.get(locale__language_code="zh-hans")
    course = make_course("政务数据安全", lessons=3, parent=catalogue)
    lesson = course.get_children().specific().first()
    department = ensure_department(path="陕西省/西安市/行政审批服务局")
    grade = Grade.objects.order_by("rank").first()
    position = Position.objects.get_or_create(name="科员")[0]
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"E{n:06d}", password="!") for n in range(count)]
    )
    StaffMember.objects.bulk_create(
        [
            StaffMember(
                user=user,
                employee_id=user.username,
                name=f"学员{n}",
                department=department,
                grade=grade,
                position=position,
            )
            for n, user in enumerate(users)
        ]
    )
    start_course(user=users[0], course=course)
    now = timezone.now().timestamp()
    learners = []
    for user in users:
        ticket = tk.new_ticket(
            user_id=user.pk,
            lesson_key=lesson.translation_key,
            course_key=lesson.course_key,
            minutes=lesson.estimated_minutes,
            videos={},
            now=now,
        )
        learners.append((_session_key(user), ticket.sign()))
    return {
        "lesson": lesson.url,
        "reader": learners[0][0],
        "learners": learners,
        "sessions": [str(uuid.uuid4()) for _user in users],
    }


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "seed":
        import django

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        django.setup()
        print(json.dumps(seed(int(sys.argv[2])), ensure_ascii=False))
    else:
        sys.exit(main())
