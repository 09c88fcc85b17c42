"""What the two report benchmarks share: their size, Django on the scratch database, the data."""

import os
import time

from bench._server import environment

STAFF = int(os.environ.get("BENCH_REPORTS_STAFF", "20000"))
COURSES = int(os.environ.get("BENCH_REPORTS_COURSES", "30"))


def load(url: str):
    """Set Django up on ``url``, load the organisation of ``build_dataset``; return it."""
    os.environ.update(environment(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings"
    import django

    django.setup()
    from bench._reports_data import build_dataset

    start = time.perf_counter()
    dataset = build_dataset(staff=STAFF, courses=COURSES)
    print(f"loaded {dataset.counts} in {time.perf_counter() - start:.0f} s", flush=True)
    return dataset
