"""Certificate PDFs in one process: the pipeline beside WeasyPrint on the same HTML.

Run as ``.venv/bin/python bench/certificates.py [N]`` (N certificates, 120 by
default). Renders N certificates of the shipped Chinese template with
``certificates.rendering.render_pdf`` and, in the same run, has WeasyPrint
render each one's self-contained HTML directly (``HTML(string=…).write_pdf()``,
what rendering without the shared state costs), in alternating rounds so that
both see the same load. Then it signs PDFs on their own, and prints the sizes
of a certificate with an ordinary name and with a rare-character one, each
beside the issue's target. Exit status 1 means a figure was over its target.

It needs no database (the template is not saved) and signs with a demo key
made in a temporary folder. The fonts are cut into CERTIFICATE_FONT_DIR
(var/fonts) on the first run ever; that one-time cost is printed, not timed.
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
COUNT = 120
ROUNDS = 4
SIGNATURES = 30
TARGETS = {"seconds": 0.1, "rate": 0.80, "bytes": 150 * 1024}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉兰建国志文婷晓东海燕春梅红"
RARE_NAME = "张𠈌明"
URL = "https://training.example.gov.cn/verify/{}/"


def configure() -> Path:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    keys = Path(tempfile.mkdtemp(prefix="bench-certificate-keys-"))
    os.environ["CERTIFICATE_KEY_DIR"] = str(keys)
    for name in ("CERTIFICATE_PDF_CERT", "CERTIFICATE_PDF_KEY"):
        os.environ.pop(name, None)
    return keys


def snapshot(number: int, name: str) -> dict:
    return {
        "serial": f"2026-{number:06d}",
        "holder_name": name,
        "employee_id": f"SX{number:06d}",
        "department": "陕西省 · 西安市 · 雁塔区 · 人事科",
        "course_title": {
            "zh-hans": "“互联网+政务服务”概论",
            "en": "Introduction to Internet + Government Services",
        },
        "credit_hours": "2.0",
        "score": 60 + number % 40,
        "issuer_name": "中共西安市委党校",
        "issued_on": "2026-12-01",
        "expires_on": "2028-12-01",
        "language": "zh-hans",
    }


def names(count: int) -> list[str]:
    rng = random.Random(20261201)
    return [
        rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        for _ in range(count)
    ]


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def compare(template, count: int) -> tuple[float, float]:
    """Return seconds per certificate: the pipeline, and WeasyPrint on its HTML."""
    from weasyprint import HTML

    from certificates.rendering import certificate_html, render_pdf

    jobs = [(snapshot(n, name), URL.format(n)) for n, name in enumerate(names(count))]
    pipeline = direct = 0.0
    for round_number in range(ROUNDS):
        batch = jobs[round_number::ROUNDS]
        pages = [certificate_html(data, template, url) for data, url in batch]
        start = time.perf_counter()
        for data, url in batch:
            render_pdf(data, template, url)
        pipeline += time.perf_counter() - start
        start = time.perf_counter()
        for page in pages:
            HTML(string=page).write_pdf()
        direct += time.perf_counter() - start
    return pipeline / count, direct / count


def fresh_rare_name(rng: random.Random) -> str:
    # Extension-B characters the full Noto Serif CJK has, so that this
    # run's name needs faces no earlier run has cut.
    from certificates.rendering import fonts

    main = fonts.main_font("regular")
    covered = fonts._coverage(main.path, main.index)
    extension_b = sorted(c for c in covered if 0x20000 <= c <= 0x2A6DF)
    return "张" + "".join(chr(c) for c in rng.sample(extension_b, 2))


def report(label: str, value: str, target: str = "", ok: bool = True) -> bool:
    suffix = f" (target {target})" if target else ""
    flag = "" if ok else "  OVER TARGET"
    print(f"  {label:<46}{value}{suffix}{flag}", flush=True)
    return ok


def run(count: int) -> bool:
    import django

    django.setup()
    from certificates.default_templates import DEFAULT_TEMPLATES
    from certificates.models import CertificateTemplate
    from certificates.rendering import ensure_pdf_signing_key, fonts, render_pdf

    template = CertificateTemplate(language="zh-hans", **DEFAULT_TEMPLATES["zh-hans"])
    _faces, cut = timed(fonts.cut_faces)
    ensure_pdf_signing_key()
    ordinary, first = timed(render_pdf, snapshot(0, "张晓明"), template, URL.format(0))
    print(f"certificates: {count} renders in one process", flush=True)
    report("cutting the fonts (once per font folder):", f"{cut:.1f} s")
    report("first render in a process (shared set-up):", f"{first:.2f} s")

    pipeline, direct = compare(template, count)
    ok = report(
        "render_pdf, per certificate before signing:",
        f"{pipeline:.3f} s, {1 / pipeline:.1f}/s",
        f"< {TARGETS['seconds']} s",
        pipeline < TARGETS["seconds"],
    )
    report(
        "WeasyPrint on the same HTML, per certificate:",
        f"{direct:.3f} s, {1 / direct:.1f}/s",
    )
    ratio = direct / pipeline
    ok &= report(
        "pipeline rate / WeasyPrint rate:",
        f"{ratio:.0%}",
        f">= {TARGETS['rate']:.0%}",
        ratio >= TARGETS["rate"],
    )
    return _signing_and_sizes(template, ordinary) and ok


def _signing_and_sizes(template, ordinary: bytes) -> bool:
    from certificates.rendering import render_pdf, sign_pdf

    sign_pdf(ordinary)
    start = time.perf_counter()
    for _ in range(SIGNATURES):
        signed = sign_pdf(ordinary)
    signing = (time.perf_counter() - start) / SIGNATURES
    report("sign_pdf alone, per certificate:", f"{signing:.3f} s")

    rare = render_pdf(snapshot(1, RARE_NAME), template, URL.format(1))
    rare_signed = sign_pdf(rare)
    ok = True
    for label, unsigned, final in (
        ("PDF size, ordinary name (signed):", ordinary, signed),
        (f"PDF size, rare name {RARE_NAME} (signed):", rare, rare_signed),
    ):
        ok &= report(
            label,
            f"{len(final) / 1024:.0f} KB ({len(unsigned) / 1024:.0f} KB unsigned)",
            f"< {TARGETS['bytes'] // 1024} KB",
            len(final) < TARGETS["bytes"],
        )
    name = fresh_rare_name(random.Random())
    _pdf, cold = timed(render_pdf, snapshot(2, name), template, URL.format(2))
    _pdf, warm = timed(render_pdf, snapshot(2, name), template, URL.format(2))
    report(
        "a new rare name, first render (cuts faces):",
        f"{cold:.2f} s, then {warm:.3f} s",
    )
    return ok


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else COUNT
    keys = configure()
    try:
        return 0 if run(count) else 1
    finally:
        shutil.rmtree(keys, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
