"""The allocation of pledges to needs in the product: propose, show, confirm, on PostgreSQL.

`.venv/bin/python -m bench.participation_matching [--rebuild] [--runs 3] [--requests 10]`

The data set lives in its own PostgreSQL database (BENCH_PARTICIPATION_MATCHING_URL, by default
postgres://postgres@127.0.0.1:5432/hamafza_bench_participation_matching): one body over a city of
20 districts × 100 neighbourhoods, 10,000 approved needs (nine categories, every neighbourhood,
costs from 1 to 500 million rials, priorities 0–100, one in ten set by the secretariat, one in ten
partly met) and 5,000 open general pledges from 1,000 donors (a category or any; a neighbourhood, a
district or anywhere; 1 to 500 million rials, about half of what the needs lack), written with
bulk_create; a marker table lets later runs reuse it.

Timed, as the body's secretary, DEBUG off:
- `propose_allocation` end to end (reading, the linear program, greedy, explanations, saving the
  lines), a few runs (each closes the previous proposal), median;
- the proposal page (participation:proposal, its first page of lines) through django.test.Client:
  warm-ups, then the timed requests, then one more to count queries and measure the HTML;
- `confirm_all` on the last proposal, once (a pledge per line, its audit entry and notifications).
  The confirmed parts are deleted afterwards so that the next run finds the same open pledges.
Figures go to the terminal and to bench/out/participation_matching.json.
"""

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from bench.common import prepare_data_set, setup_django_env, timed, write_marker

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hamafza_bench_participation_matching"
OUT = Path(__file__).resolve().parent / "out" / "participation_matching.json"
TARGET_PROPOSE_S = 5.0
TARGET_PAGE_P95_MS = 500.0
VERSION = 2
SEED = 1404
MARKER = "bench_participation_matching_marker"
DISTRICTS, PER_DISTRICT = 20, 100
NEEDS, PLEDGES, DONORS = 10_000, 5_000, 1_000
M = 1_000_000
CITY_CODE = "BENCH-PM-CITY"
BODY_NAME = "کارگروه سنجش تخصیص"
SECRETARY = "bench-pm-secretary"


def _setup() -> str:
    return setup_django_env(os.environ.get("BENCH_PARTICIPATION_MATCHING_URL", DEFAULT_URL), "matching")


def generate() -> float:
    """Regions, the body and its secretary, donors, needs and general pledges; returns the seconds."""
    from django.db import connection, transaction

    from hamafza.accounts.models import BodyRole, User
    from hamafza.meetings.models import Body
    from hamafza.orgs.models import Organization
    from hamafza.participation.models import Donor, Need, NeedCategory, Pledge
    from hamafza.places.models import Region

    started = time.perf_counter()
    rng = random.Random(SEED)
    categories = list(NeedCategory.values)
    with transaction.atomic():
        province = Region.objects.create(name="استان نمونه", kind="province", code="BENCH-PM-P")
        county = Region.objects.create(
            name="شهرستان نمونه", kind="county", code="BENCH-PM-C", parent=province
        )
        city = Region.objects.create(name="شهر نمونه", kind="city", code=CITY_CODE, parent=county)
        districts = Region.objects.bulk_create(
            Region(name=f"منطقه {d + 1}", kind="district", code=f"BENCH-PM-D{d + 1:02d}", parent=city)
            for d in range(DISTRICTS)
        )
        hoods = Region.objects.bulk_create(
            (
                Region(
                    name=f"محله {d + 1}-{n + 1}",
                    kind="neighbourhood",
                    code=f"BENCH-PM-N{d + 1:02d}-{n + 1:03d}",
                    parent=district,
                    population=rng.randint(3_000, 40_000),
                )
                for d, district in enumerate(districts)
                for n in range(PER_DISTRICT)
            ),
            batch_size=1000,
        )
        secretariat = Organization.objects.create(
            name="فرمانداری نمونه", region=city, kind="agency", sector="governorate"
        )
        agencies = [
            Organization.objects.create(
                name=f"اداره نمونه {k + 1}", region=city, kind="agency", sector="other"
            )
            for k in range(10)
        ]
        body = Body.objects.create(name=BODY_NAME, kind="working_group", region=city, secretariat=secretariat)
        body.members.set([secretariat, *agencies])
        secretary = User.objects.create_user(
            username=SECRETARY, password="not-used-bench-only", organization=secretariat
        )
        BodyRole.objects.create(user=secretary, body=body, kind=BodyRole.Kind.SECRETARIAT)
        donors = Donor.objects.bulk_create(
            Donor(
                kind=rng.choice(list(Donor.Kind.values)),
                name=f"خیر نمونه {k + 1}",
                body=body,
                is_anonymous=rng.random() < 0.2,
                prior_giving=rng.choice([0, rng.randint(1, 500) * M]),
            )
            for k in range(DONORS)
        )
        needs = []
        for k in range(NEEDS):
            cost = rng.randint(1, 500) * M
            partly = rng.random() < 0.1
            title = f"نیاز نمونه {k + 1}"
            needs.append(
                Need(
                    body=body,
                    organization=rng.choice([None, *agencies]),
                    region=rng.choice(hoods),
                    category=rng.choice(categories),
                    title=title,
                    justification="برای سنجش",
                    estimated_cost=cost,
                    urgency=rng.randint(1, 4),
                    priority_computed=round(rng.uniform(0, 100), 2),
                    priority_override=round(rng.uniform(0, 100), 2) if rng.random() < 0.1 else None,
                    state=Need.State.PARTLY_MET if partly else Need.State.APPROVED,
                    value_met=rng.randint(0, cost // M - 1) * M if partly and cost > M else 0,
                    search_text=title,
                )
            )
        Need.objects.bulk_create(needs, batch_size=2000)
        pledges = []
        for _ in range(PLEDGES):
            where = rng.random()
            region = None if where < 0.2 else rng.choice(districts) if where < 0.5 else rng.choice(hoods)
            pledges.append(
                Pledge(
                    donor=rng.choice(donors),
                    body=body,
                    category="" if rng.random() < 0.3 else rng.choice(categories),
                    region=region,
                    value=rng.randint(1, 500) * M,
                    state=Pledge.State.PLEDGED,
                )
            )
        Pledge.objects.bulk_create(pledges, batch_size=2000)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        write_marker(cursor, MARKER, VERSION, SEED, seconds)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.participation_matching", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data set")
    parser.add_argument("--runs", type=int, default=3, help="timed proposals (default 3)")
    parser.add_argument("--requests", type=int, default=10, help="timed page requests (default 10)")
    parser.add_argument("--warmups", type=int, default=2, help="untimed page requests first (default 2)")
    args = parser.parse_args()
    url = _setup()
    mark = prepare_data_set(
        url, marker=MARKER, version=VERSION, seed=SEED, rebuild=args.rebuild, generate=generate
    )

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from hamafza.accounts.models import User
    from hamafza.meetings.models import Body
    from hamafza.participation.models import AllocationLine, AllocationProposal, Need, Pledge
    from hamafza.participation.services import matching as services

    body = Body.objects.get(name=BODY_NAME)
    secretary = User.objects.get(username=SECRETARY)
    # A run interrupted after confirm_all would leave parts behind: start from the generated state.
    Pledge.objects.filter(body=body, parent__isnull=False).delete()
    AllocationProposal.objects.filter(body=body).delete()
    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        print(f"Warning: the machine is busy (load {load_before:.1f}); the times will be high and noisy.")

    propose_times = []
    proposal = None
    for _ in range(args.runs):
        started = time.perf_counter()
        proposal = services.propose_allocation(body, by=secretary)
        propose_times.append(time.perf_counter() - started)
    lines = AllocationLine.objects.filter(proposal=proposal).count()
    rss_after_propose = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    client = Client()
    client.force_login(secretary)
    page_url = reverse("participation:proposal", args=[proposal.pk])

    def page():
        response = client.get(page_url)
        if response.status_code != 200:
            raise RuntimeError(f"{page_url} answered {response.status_code}")
        return response

    page_figures = timed(page, args.requests, args.warmups, before=gc.freeze)
    with CaptureQueriesContext(connection) as queries:
        response = page()
    html = response.content.decode()
    page_figures.update(
        {
            "queries": len(queries),
            "html_bytes": len(response.content),
            "line_rows": html.count('id="line-'),
            "paginated": "page=2" in html,
        }
    )
    gc.unfreeze()

    before = Pledge.objects.filter(body=body, parent__isnull=False).count()
    started = time.perf_counter()
    confirmed, refused = services.confirm_all(proposal, by=secretary)
    confirm_seconds = time.perf_counter() - started
    created = Pledge.objects.filter(body=body, parent__isnull=False).count() - before
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Undo the confirmation so that the next run finds the same open pledges and needs.
    AllocationLine.objects.filter(proposal=proposal).update(state=AllocationLine.State.PROPOSED, result=None)
    Pledge.objects.filter(body=body, parent__isnull=False).delete()

    proposal.refresh_from_db()
    data = {
        "generated_on": str(mark["made_on"]),
        "generation_seconds": round(mark["seconds"], 1),
        "open_needs": Need.objects.filter(body=body, state__in=Need.OPEN_STATES).count(),
        "pledges": proposal.pledges_count,
        "donors": body.donors.count(),
    }
    propose = {
        "runs": args.runs,
        "median_s": round(statistics.median(propose_times), 2),
        "min_s": round(min(propose_times), 2),
        "max_s": round(max(propose_times), 2),
        "lines": lines,
        "value": proposal.value,
        "greedy_value": proposal.greedy_value,
        "gain_percent": round(100 * (proposal.value / proposal.greedy_value - 1), 2)
        if proposal.greedy_value
        else None,
        "amount": proposal.amount,
        "greedy_amount": proposal.summary.get("greedy_amount"),
        "unmet_needs": len(proposal.summary.get("unmet", [])),
    }
    confirm = {
        "seconds": round(confirm_seconds, 2),
        "confirmed": len(confirmed),
        "refused": len(refused),
        "pledges_created": created,
    }
    print(
        f"Data set: {data['open_needs']:,} open needs, {data['pledges']:,} open general pledges from "
        f"{data['donors']:,} donors, {DISTRICTS * PER_DISTRICT:,} neighbourhoods"
    )
    print(
        f"\npropose_allocation: median {propose['median_s']:.2f} s over {args.runs} runs "
        f"(min {propose['min_s']:.2f}, max {propose['max_s']:.2f}); {lines:,} lines"
    )
    print(
        f"  value met: program {proposal.value:,.0f}, greedy {proposal.greedy_value:,.0f} "
        f"({propose['gain_percent']}% more); rials {proposal.amount:,} vs {propose['greedy_amount']:,}; "
        f"{propose['unmet_needs']:,} needs left unmet"
    )
    print(
        f"proposal page: median {page_figures['median_ms']:.1f} ms, p95 {page_figures['p95_ms']:.1f} ms "
        f"over {args.requests} requests; {page_figures['queries']} queries; "
        f"{page_figures['html_bytes'] / 1024:,.0f} KB, {page_figures['line_rows']:,} line rows shown"
        f"{', paginated' if page_figures['paginated'] else ', not paginated'}"
    )
    print(
        f"confirm_all: {confirm['seconds']:.2f} s, {confirm['confirmed']:,} lines confirmed, "
        f"{confirm['refused']:,} refused, {created:,} pledges created"
    )
    print(f"peak RSS: {rss_after_propose:,.0f} MB after the proposals, {rss_peak:,.0f} MB at the end")
    met = propose["median_s"] <= TARGET_PROPOSE_S and page_figures["p95_ms"] <= TARGET_PAGE_P95_MS
    print(
        f"Targets propose ≤ {TARGET_PROPOSE_S:.0f} s, page p95 ≤ {TARGET_PAGE_P95_MS:.0f} ms: "
        f"{'met' if met else 'MISSED'}"
    )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "load_average_before": round(load_before, 2),
                "dataset": data,
                "propose_allocation": propose,
                "proposal_page": page_figures,
                "confirm_all": confirm,
                "peak_rss_mb": round(rss_peak),
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {OUT}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
