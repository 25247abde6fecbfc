"""`python -m bench.report_pdf [--resolutions 200] [--rounds 3] [--profile]`: how long the periodic
follow-up report of a body with 200 resolutions takes to render as a PDF (issue 10, defect 4: under 5 s).
`--workers N` lays it out with N processes at once (REPORT_PDF_WORKERS; 1 = in one piece).

The data set is made through the services in a fresh SQLite database in a temporary folder: one body,
ten meetings, `--resolutions` resolutions of 300–900 characters (real minutes' length), each with a lead
and two supporting organisations among eight, and a progress report of 150–400 characters on two of
every three assignments (half accepted). Then the whole report (gather, HTML, WeasyPrint layout,
PDF with its fonts subset) is rendered `--rounds` times after one warm-up; the figures are the median
and the slowest round, the page count and the file size. `--profile` prints where the time goes.
Figures go to the terminal and to bench/out/report_pdf.json.
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "report_pdf.json"
TARGET_S = 5.0
SEED = 1405
WORDS = (
    "پیشگیری از آسیب‌های اجتماعی در محلات هدف با همکاری دستگاه‌های عضو و تشکل‌های مردمی لازم است "
    "اطلاعات خانوارهای نیازمند بلافاصله به دبیرخانه ارسال شود ساماندهی معتادان متجاهر و کودکان کار "
    "برگزاری کارگاه‌های مهارت‌های زندگی در مدارس و مساجد تأمین اعتبار از محل منابع استانی"
).split()


def _setup(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamafza.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault(
        "COUNSELING_FERNET_KEY", "YmVuY2gtb25seS1jb3Vuc2VsbGluZy1rZXktMzJieXQ="
    )  # settings require one with DEBUG off
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["MEDIA_ROOT"] = f"{folder}/media"
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _text(rng: random.Random, low: int, high: int) -> str:
    size = rng.randint(low, high)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(rng.choice(WORDS))
    return " ".join(words)


def generate(resolutions: int):
    from django.conf import settings

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    from hamafza.accounts.models import BodyRole, User
    from hamafza.meetings import services
    from hamafza.meetings.models import Assignment, Body
    from hamafza.orgs.models import Organization
    from hamafza.places.models import Region

    rng = random.Random(SEED)
    today = dt.date.today()
    province = Region.objects.create(name="استان سنجش", kind="province", code="B1")
    orgs = [
        Organization.objects.create(name=f"اداره کل شماره {i} استان", kind="agency", region=province)
        for i in range(1, 9)
    ]
    secretariat = Organization.objects.create(name="استانداری سنجش", kind="agency", region=province)
    body = Body.objects.create(
        name="کارگروه سنجش گزارش", kind="working_group", region=province, secretariat=secretariat
    )
    body.members.set(orgs)
    secretary = User.objects.create(username="bench-report-secretary", organization=secretariat)
    BodyRole.objects.create(user=secretary, body=body, kind=BodyRole.Kind.SECRETARIAT)
    officers = {
        org.pk: User.objects.create(username=f"bench-report-officer-{i}", organization=org, is_officer=True)
        for i, org in enumerate(orgs)
    }
    meetings = [
        services.create_meeting(
            body, by=secretary, number=n, held_on=today - dt.timedelta(days=80 - 8 * n), place="سالن جلسات"
        )
        for n in range(1, 11)
    ]
    for index in range(resolutions):
        chosen = rng.sample(orgs, 3)
        deadline = today + dt.timedelta(days=rng.randint(-40, 90))
        spec = services.ResolutionSpec(
            number=str(index // 10 + 1) + "-" + str(index % 10 + 1),
            text=_text(rng, 300, 900),
            assignments=[
                services.AssignmentSpec(org, role=role, deadline=deadline)
                for org, role in zip(
                    chosen,
                    [Assignment.Role.LEAD, Assignment.Role.SUPPORTING, Assignment.Role.SUPPORTING],
                    strict=True,
                )
            ],
        )
        resolution = services.create_resolution(meetings[index % 10], by=secretary, spec=spec)
        for assignment in resolution.assignments.all():
            if rng.random() < 2 / 3:
                report = services.submit_progress(
                    assignment,
                    by=officers[assignment.organization_id],
                    percent=rng.choice([20, 40, 60, 80]),
                    note=_text(rng, 150, 400),
                )
                if rng.random() < 0.5:
                    services.accept_report(report, by=secretary)
    return body, today


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report_pdf", description=__doc__.split("\n")[0])
    parser.add_argument("--resolutions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    parser.add_argument(
        "--workers", type=int, help="processes laying the report out at once (default: REPORT_PDF_WORKERS)"
    )
    args = parser.parse_args(argv)
    if args.workers:
        os.environ["REPORT_PDF_WORKERS"] = str(args.workers)

    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        _setup(folder)
        started = time.perf_counter()
        body, today = generate(args.resolutions)
        made = time.perf_counter() - started

        from django.conf import settings

        from hamafza.reports import render

        workers = settings.REPORT_PDF_WORKERS
        from hamafza.reports.followup import default_period

        start, end = default_period(today)
        start = min(start, today - dt.timedelta(days=90))

        def once() -> bytes:
            return render.render(body, start, end, "pdf", language="fa", today=today)

        content = once()  # warm-up: fonts loaded, templates compiled
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            once()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        times = []
        for _ in range(args.rounds):
            began = time.perf_counter()
            content = once()
            times.append(time.perf_counter() - began)

        import io

        import pdfplumber

        with pdfplumber.open(io.BytesIO(content)) as pdf:
            pages = len(pdf.pages)

    figures = {
        "resolutions": args.resolutions,
        "rounds": args.rounds,
        "median_s": round(statistics.median(times), 2),
        "max_s": round(max(times), 2),
        "pages": pages,
        "size_kb": round(len(content) / 1024),
        "target_s": TARGET_S,
        "workers": workers,
        "cpus": os.cpu_count(),
        "data_set_s": round(made, 1),
        "load": [round(x, 2) for x in os.getloadavg()],
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=1))
    verdict = "OK" if figures["max_s"] < TARGET_S else "SLOWER THAN TARGET"
    print(
        f"follow-up report PDF, {args.resolutions} resolutions ({pages} pages, {figures['size_kb']} KB): "
        f"median {figures['median_s']} s, slowest {figures['max_s']} s over {args.rounds} rounds "
        f"(target < {TARGET_S} s) — {verdict}; {workers} worker(s) on {os.cpu_count()} CPUs; "
        f"load {figures['load']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
