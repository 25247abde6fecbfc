"""Server time of the body and organisation dashboards on 100,000 resolutions and 1,000,000 reports.

Each page is requested in-process through django.test.Client as a logged-in user who may see it
(the body's secretariat, the organisation's officer): 5 warm-ups, then the timed requests, then one
more request to count its queries. DEBUG is off, as in production. Figures go to the terminal and to
bench/out/dashboards.json.
"""

import datetime as dt
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import pg

OUT = Path(__file__).resolve().parent / "out" / "dashboards.json"
TARGET_P95_MS = 150.0


def prepare(rebuild: bool) -> dict:
    """Make sure the bench database holds the data set; generate it in a child process if not."""
    url = pg.database_url()
    pg.ensure_database(url)
    mark = pg.read_marker(url)
    from bench.dataset import SEED, VERSION

    current = mark is not None and mark["version"] == VERSION and mark["seed"] == SEED
    if current and not rebuild:
        print(f"Reusing the data set generated on {mark['made_on']} (--rebuild to regenerate).")
        return mark
    if mark is None and pg.holds_data(url):
        sys.exit(f"{pg.safe(url)} holds data but no bench marker: refusing to overwrite it.")
    print("Generating the data set (a few minutes)…")
    pg.recreate_database(url)
    # A child process, so that the peak memory measured below is the pages', not the generator's.
    subprocess.run([sys.executable, "-m", "bench", "--generate-only"], check=True)
    return pg.read_marker(url)


def generate_only() -> None:
    import django

    django.setup()
    from bench.dataset import generate

    generate()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(client, url: str, requests: int, warmups: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmups):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "url": url,
        "requests": requests,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(_percentile(times, 0.95), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
        "html_bytes": len(response.content),
    }


def dataset_figures(mark: dict) -> dict:
    from django.db import connection

    from hamafza.meetings.models import Assignment, Meeting, ProgressReport, Resolution

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database()), version()")
        size, version = cursor.fetchone()
    return {
        "generated_on": str(mark["made_on"]),
        "generation_seconds": round(mark["seconds"], 1),
        "meetings": Meeting.objects.count(),
        "resolutions": Resolution.objects.count(),
        "assignments": Assignment.objects.count(),
        "reports": ProgressReport.objects.count(),
        "database_mb": round(size / 1024 / 1024),
        "postgresql": version.split(" on ")[0],
    }


@dataclass
class Subject:
    label: str
    url: str
    user: object
    check: object  # () -> list of differences from the reference figures


def pick_subjects() -> list[Subject]:
    """The biggest body, the median body, and the organisation with the most assignments."""
    from django.db.models import Count
    from django.urls import reverse

    from bench import checks
    from hamafza.accounts.models import BodyRole, User
    from hamafza.meetings import services
    from hamafza.meetings.models import Assignment, Body

    today = services.today()
    bodies = list(Body.objects.annotate(n=Count("resolutions")).order_by("-n", "pk"))
    biggest, median = bodies[0], bodies[len(bodies) // 2]
    busiest = (
        Assignment.objects.values("organization_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organization_id")
        .first()
    )
    org_id = busiest["organization_id"]
    officer = User.objects.filter(organization_id=org_id, is_officer=True).first()

    def secretary(body):
        return (
            BodyRole.objects.filter(body=body, kind=BodyRole.Kind.SECRETARIAT)
            .select_related("user")
            .first()
            .user
        )

    return [
        Subject(
            f"body dashboard, biggest body ({biggest.n:,} resolutions)",
            reverse("meetings:body", args=[biggest.pk]),
            secretary(biggest),
            lambda: checks.body_figures(biggest, today),
        ),
        Subject(
            f"body dashboard, median body ({median.n:,} resolutions)",
            reverse("meetings:body", args=[median.pk]),
            secretary(median),
            lambda: checks.body_figures(median, today),
        ),
        Subject(
            f"organisation dashboard, busiest ({busiest['n']:,} assignments)",
            reverse("meetings:organization", args=[org_id]),
            officer,
            lambda: checks.organization_figures(org_id, today),
        ),
    ]


def run(*, rebuild: bool, requests: int, warmups: int) -> int:
    import django

    django.setup()  # opens no connection yet, so prepare() may still drop the database
    mark = prepare(rebuild)
    from django.core.management import call_command
    from django.test import Client

    from bench.dataset import analyze

    call_command("migrate", verbosity=0, interactive=False)  # picks up new indexes on a reused database
    analyze()
    data = dataset_figures(mark)
    print(
        f"Data set: {data['meetings']:,} meetings, {data['resolutions']:,} resolutions, "
        f"{data['assignments']:,} assignments, {data['reports']:,} reports; "
        f"{data['database_mb']:,} MB; generated in {data['generation_seconds']} s"
    )
    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        print(f"Warning: the machine is busy (load {load_before:.1f}); the times will be high and noisy.")
    subjects = pick_subjects()
    pages = []
    for subject in subjects:
        client = Client()
        client.force_login(subject.user)
        result = measure(client, subject.url, requests, warmups)
        pages.append({"page": subject.label, "user": subject.user.username, **result})
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print()
    print(f"{'page':<58} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'SQL ms':>8}")
    for page in pages:
        print(
            f"{page['page']:<58} {page['median_ms']:>10.1f} {page['p95_ms']:>8.1f} "
            f"{page['queries']:>8} {page['sql_ms']:>8.1f}"
        )
    print(f"\nPeak RSS of the measuring process: {rss_mb:.0f} MB")
    missed = [p["page"] for p in pages if p["p95_ms"] >= TARGET_P95_MS]
    print(
        f"Target p95 < {TARGET_P95_MS:.0f} ms: " + ("met" if not missed else "MISSED by " + "; ".join(missed))
    )

    problems = [problem for subject in subjects for problem in subject.check()]
    print(
        "Figures equal to the reference queries: " + ("yes" if not problems else "NO: " + "; ".join(problems))
    )

    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "load_average_before": round(load_before, 2),
                "target_p95_ms": TARGET_P95_MS,
                "dataset": data,
                "pages": pages,
                "peak_rss_mb": round(rss_mb),
                "figures_match_reference": not problems,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {OUT}")
    return 1 if problems else 0
