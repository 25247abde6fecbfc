"""An assembly's election at scale: 10,000 member NGOs voting through the API against gunicorn with
several worker processes on PostgreSQL, every vote counted exactly once; and the count of 100,000
ballots.

`.venv/bin/python -m bench.assembly_voting [--rebuild] [--workers 4] [--clients 16] [--members 10000]`

The data set lives in its own database (BENCH_ASSEMBLY_URL, by default
postgres://postgres@127.0.0.1:5432/hamafza_bench_assembly): one body and its assembly of 10,000 member
NGOs (each with a valid licence and a representative with an API token), written with bulk_create, and a
closed election holding 100,000 ballots written directly (the only rows not made through the services);
a marker table lets later runs reuse it.

Each run:
1. creates a new election through the services (8 candidates, up to 3 choices, the voting window open);
2. starts gunicorn (`--workers`, sync workers, DEBUG off) on a free local port;
3. sends every member's ballot from `--clients` threads, each with its own keep-alive connection, the
   members in a random order; 3% of the members send a second ballot at the same moment as the first
   (the same ballot, from another thread) and 2% send a blank or over-full ballot; then a
   second wave resends 1,000 members' ballots, all of which must be refused;
4. stops gunicorn, closes the vote and counts it through the services, and checks: one voter record and
   one ballot per member, one accepted request per member, every tracking code returned in the ballot
   box, and the count per candidate equal to what the accepted requests sent;
5. counts the 100,000-ballot election (the services' count_votes, and the tally alone), three times.
Figures go to the terminal and to bench/out/assembly_voting.json.
"""

import argparse
import binascii
import datetime as dt
import http.client
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench.common import percentile, prepare_data_set, setup_django_env, write_marker

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hamafza_bench_assembly"
OUT = Path(__file__).resolve().parent / "out" / "assembly_voting.json"
ROOT = Path(__file__).resolve().parent.parent
VERSION = 1
SEED = 1404
MARKER = "bench_assembly_marker"
MEMBERS = 10_000
COUNT_BALLOTS = 100_000
CANDIDATES = 8
TARGET_VOTING_S = 600.0
TARGET_COUNT_S = 1.0
BODY_NAME = "کارگروه سنجش مجمع"
ASSEMBLY_NAME = "مجمع سنجش"
SECRETARY = "bench-assembly-secretary"
SUPERVISOR = "bench-assembly-supervisor"


def _setup() -> str:
    return setup_django_env(os.environ.get("BENCH_ASSEMBLY_URL", DEFAULT_URL), "assembly voting")


def generate() -> float:
    """The body, its assembly of 10,000 members with representatives and tokens, and the closed election
    of 100,000 ballots; returns the seconds."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from hamafza.accounts.models import BodyRole, User
    from hamafza.assembly.models import Assembly, Ballot, Candidate, Election, Member, Official
    from hamafza.assembly.services import ballots
    from hamafza.meetings.models import Body
    from hamafza.orgs.models import Organization
    from hamafza.participation.models import NgoProfile
    from hamafza.places.models import Region

    started = time.perf_counter()
    rng = random.Random(SEED)
    today = timezone.localdate()
    password = make_password("not-used-bench-only")
    with transaction.atomic():
        province = Region.objects.create(name="استان سنجش", kind="province", code="BENCH-AS-P")
        secretariat = Organization.objects.create(name="دبیرخانه سنجش", region=province, kind="agency")
        body = Body.objects.create(name=BODY_NAME, kind="council", region=province, secretariat=secretariat)
        secretary = User.objects.create(username=SECRETARY, password=password, organization=secretariat)
        User.objects.create(
            username=SUPERVISOR, password=password, organization=secretariat, first_name="ناظر"
        )
        BodyRole.objects.create(user=secretary, body=body, kind=BodyRole.Kind.SECRETARIAT)
        assembly = Assembly.objects.create(body=body, name=ASSEMBLY_NAME, created_by=secretary)
        ngos = Organization.objects.bulk_create(
            (
                Organization(name=f"سمن سنجش {n:05d}", region=province, kind="ngo", search_text=f"n{n}")
                for n in range(MEMBERS)
            ),
            batch_size=2000,
        )
        NgoProfile.objects.bulk_create(
            (
                NgoProfile(
                    organization=ngo,
                    registration_number=str(n),
                    licence_authority="وزارت کشور",
                    licence_expires=today + dt.timedelta(days=3650),
                )
                for n, ngo in enumerate(ngos)
            ),
            batch_size=2000,
        )
        reps = User.objects.bulk_create(
            (
                User(username=f"bench-rep-{n:05d}", password=password, organization=ngo)
                for n, ngo in enumerate(ngos)
            ),
            batch_size=2000,
        )
        Member.objects.bulk_create(
            (
                Member(assembly=assembly, organization=ngo, representative=rep, joined_on=today)
                for ngo, rep in zip(ngos, reps, strict=True)
            ),
            batch_size=2000,
        )
        Token.objects.bulk_create(
            (Token(user=rep, key=binascii.hexlify(rng.randbytes(20)).decode()) for rep in reps),
            batch_size=2000,
        )
        # The election of 100,000 ballots, closed, to be counted: 12 candidates, up to 6 choices.
        now = timezone.now()
        counted = Election.objects.create(
            assembly=assembly,
            title="انتخابات شمارش سنجش",
            seats=6,
            max_choices=6,
            substitutes=3,
            voting_starts_at=now - dt.timedelta(days=2),
            voting_ends_at=now - dt.timedelta(days=1),
            state=Election.State.VOTING_CLOSED,
            created_by=secretary,
        )
        Official.objects.create(
            election=counted, user=User.objects.get(username=SUPERVISOR), role="supervisor"
        )
        members = Member.objects.filter(assembly=assembly).order_by("pk")[:12]
        ids = [Candidate.objects.create(election=counted, member=m, programme="برنامه").pk for m in members]
        weights = [rng.uniform(0.5, 3) for _ in ids]
        rows = []
        for n in range(COUNT_BALLOTS):
            roll = rng.random()
            if roll < 0.02:
                choices, invalid = [], Ballot.Invalid.BLANK
            elif roll < 0.03:
                choices, invalid = sorted(rng.sample(ids, 8)), Ballot.Invalid.TOO_MANY
            else:
                k = rng.randint(1, 6)
                choices, invalid = sorted(set(rng.choices(ids, weights=weights, k=k))), ""
            rows.append(
                Ballot(
                    election=counted,
                    tracking_hash=ballots.tracking_hash(counted.pk, f"{n:012d}"),
                    choices=choices,
                    invalid_reason=invalid,
                )
            )
        Ballot.objects.bulk_create(rows, batch_size=5000)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        write_marker(cursor, MARKER, VERSION, SEED, seconds)
        cursor.execute("VACUUM ANALYZE")
    return seconds


def new_election():
    """A fresh election in its voting window, made through the services."""
    from django.utils import timezone

    from hamafza.accounts.models import User
    from hamafza.assembly.models import Assembly, Member
    from hamafza.assembly.services import elections as services

    assembly = Assembly.objects.get(name=ASSEMBLY_NAME)
    secretary = User.objects.get(username=SECRETARY)
    now = timezone.now()
    election = services.create_election(
        assembly,
        by=secretary,
        data=services.ElectionData(
            title=f"انتخابات سنجش {now:%Y-%m-%d %H:%M:%S}",
            seats=3,
            max_choices=3,
            substitutes=2,
            voting_starts_at=now - dt.timedelta(minutes=5),
            voting_ends_at=now + dt.timedelta(days=1),
        ),
    )
    services.add_official(
        election, by=secretary, user=User.objects.get(username=SUPERVISOR), role="supervisor"
    )
    services.open_candidacy(election, by=secretary)
    for member in Member.objects.filter(assembly=assembly).order_by("-pk")[:CANDIDATES]:
        services.stand(election, member, by=secretary, programme="برنامه سنجش")
    services.close_candidacy(election, by=secretary)
    services.open_voting(election, by=secretary)
    return election


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, workers: int, port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret",
        "COUNSELING_FERNET_KEY": "YmVuY2gtb25seS1jb3Vuc2VsbGluZy1rZXktMzJieXQ=",
        "LOG_LEVEL": "ERROR",
        "DB_CONN_MAX_AGE": "600",
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "hamafza.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"gunicorn did not answer on port {port}; see {log}")


def worker_rss_mb(process: subprocess.Popen) -> float:
    """The resident memory of gunicorn's master and workers, in MB."""
    try:
        out = subprocess.run(
            ["ps", "-o", "rss=", "--ppid", str(process.pid)], capture_output=True, text=True
        ).stdout
        master = subprocess.run(
            ["ps", "-o", "rss=", "-p", str(process.pid)], capture_output=True, text=True
        ).stdout
    except OSError:
        return 0.0
    return round(sum(int(x) for x in (out + master).split()) / 1024, 1)


class Client(threading.Thread):
    """Sends the ballots of its queue over one keep-alive connection; records status, time and answer."""

    def __init__(self, port: int, path: str, jobs: list, results: list, barrier: threading.Barrier):
        super().__init__(daemon=True)
        self.port, self.path, self.jobs, self.results, self.barrier = port, path, jobs, results, barrier

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        self.barrier.wait()
        for index, token, choices in self.jobs:
            body = json.dumps({"choices": choices})
            started = time.perf_counter()
            for attempt in range(3):
                try:
                    connection.request(
                        "POST",
                        self.path,
                        body=body,
                        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
                    )
                    response = connection.getresponse()
                    payload = response.read()
                    break
                except (ConnectionError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                    if attempt == 2:
                        raise
            elapsed = (time.perf_counter() - started) * 1000
            self.results.append((index, response.status, elapsed, payload))
        connection.close()


def send(port: int, path: str, jobs: list, clients: int) -> tuple[list, float]:
    """Deal the jobs round-robin to the client threads (so that a job and its twin, side by side in the
    list, go out at the same moment from two threads) and run them; the answers and the seconds."""
    results: list = []
    barrier = threading.Barrier(clients + 1)
    queues = [jobs[i::clients] for i in range(clients)]
    threads = [Client(port, path, queue, results, barrier) for queue in queues]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def vote_at_scale(url: str, workers: int, clients: int, limit: int) -> dict:
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from hamafza.accounts.models import User
    from hamafza.assembly.models import Ballot, Candidate, Member, VoterRecord
    from hamafza.assembly.services import ballots, counting
    from hamafza.assembly.services import elections as services

    election = new_election()
    candidates = list(Candidate.objects.filter(election=election).values_list("pk", flat=True))
    tokens = dict(Token.objects.filter(user__username__startswith="bench-rep-").values_list("user_id", "key"))
    members = list(
        Member.objects.filter(assembly=election.assembly)
        .values_list("pk", "representative_id")
        .order_by("pk")[:limit]
    )
    rng = random.Random()
    rng.shuffle(members)
    jobs = []  # (member id, token, choices)
    twins = 0
    for member_id, rep in members:
        roll = rng.random()
        if roll < 0.01:
            choices = []
        elif roll < 0.02:
            choices = rng.sample(candidates, 5)
        else:
            choices = rng.sample(candidates, rng.randint(1, 3))
        jobs.append((member_id, tokens[rep], choices))
        if rng.random() < 0.03:  # the same ballot again, at the same moment, from the next thread
            jobs.append((member_id, tokens[rep], choices))
            twins += 1
    path = f"/api/assembly/elections/{election.pk}/ballot/"
    port = free_port()
    log = OUT.parent / "assembly_voting_gunicorn.log"
    connections.close_all()
    server = start_gunicorn(url, workers, port, log)
    try:
        load_before = os.getloadavg()[0]
        results, seconds = send(port, path, jobs, clients)
        server_rss = worker_rss_mb(server)
        resend = rng.sample(jobs, min(1000, len(jobs)))
        again, _ = send(port, path, resend, clients)
        load_after = os.getloadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    statuses = Counter(status for _i, status, _t, _p in results)
    answers: dict[int, list] = {}
    for member_id, status, _t, payload in results:
        answers.setdefault(member_id, []).append((status, json.loads(payload)))
    accepted = {}
    for member_id, replies in answers.items():
        ok = [body for status, body in replies if status == 201]
        if len(ok) != 1:
            raise AssertionError(f"member {member_id}: {len(ok)} ballots accepted of {len(replies)} requests")
        accepted[member_id] = ok[0]
    refused = [body for replies in answers.values() for status, body in replies if status != 201]
    if any(body.get("code") != "already_voted" for body in refused):
        raise AssertionError(f"unexpected answers: {statuses}, {refused[:3]}")
    if any(status != 400 for _i, status, _t, _p in again):
        raise AssertionError("a resent ballot was accepted")
    asked = {member_id: choices for member_id, _token, choices in jobs}
    expected: Counter = Counter()
    for member_id, receipt in accepted.items():
        if receipt["valid"]:
            expected.update(asked[member_id])

    secretary = User.objects.get(username=SECRETARY)
    services.close_voting(election, by=secretary)
    counting.count_votes(election, by=secretary)
    election.refresh_from_db()
    records = VoterRecord.objects.filter(election=election).count()
    ballots_in_box = Ballot.objects.filter(election=election).count()
    missing = [
        m for m, receipt in accepted.items() if not ballots.is_counted(election, receipt["tracking_code"])
    ]
    counted_votes = dict(election.results.values_list("candidate_id", "votes"))
    times = [t for _i, _s, t, _p in results]
    return {
        "members": len(members),
        "requests": len(jobs),
        "twins_at_the_same_moment": twins,
        "accepted": statuses.get(201, 0),
        "refused_already_voted": statuses.get(400, 0),
        "resent": len(again),
        "resent_refused": sum(1 for r in again if r[1] == 400),
        "seconds": round(seconds, 1),
        "ballots_per_second": round(len(jobs) / seconds, 1),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "max_ms": round(max(times), 1),
        "voter_records": records,
        "ballots": ballots_in_box,
        "tracking_codes_missing": len(missing),
        "valid_ballots_counted": election.valid_count,
        "invalid_ballots_counted": election.ballots_count - election.valid_count,
        "count_equals_what_was_sent": counted_votes == {c: expected.get(c, 0) for c in candidates},
        "exactly_once": records == ballots_in_box == len(members) == statuses.get(201, 0) and not missing,
        "gunicorn_workers": workers,
        "client_threads": clients,
        "gunicorn_rss_mb": server_rss,
        "load_before": round(load_before, 2),
        "load_after": [round(x, 2) for x in load_after],
    }


def count_at_scale(runs: int) -> dict:
    from django.db import connection

    from hamafza.accounts.models import User
    from hamafza.assembly.models import Election, ResultLine
    from hamafza.assembly.services import counting

    election = Election.objects.get(title="انتخابات شمارش سنجش")
    supervisor = User.objects.get(username=SUPERVISOR)
    count_times, tally_times = [], []
    for _ in range(runs):
        Election.objects.filter(pk=election.pk).update(state=Election.State.VOTING_CLOSED, counted_at=None)
        ResultLine.objects.filter(election=election).delete()
        started = time.perf_counter()
        counting.count_votes(election, by=supervisor)
        count_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        counted = counting.tally(election)
        tally_times.append(time.perf_counter() - started)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM assembly_ballot WHERE election_id = %s", [election.pk])
        ballots = cursor.fetchone()[0]
    return {
        "ballots": ballots,
        "valid": counted.valid,
        "count_votes_median_s": round(statistics.median(count_times), 3),
        "count_votes_max_s": round(max(count_times), 3),
        "tally_median_s": round(statistics.median(tally_times), 3),
        "runs": runs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.assembly_voting", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data set")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--clients", type=int, default=16, help="client threads (default 16)")
    parser.add_argument("--members", type=int, default=MEMBERS, help="members who vote (default all 10,000)")
    parser.add_argument(
        "--count-runs", type=int, default=3, help="timed counts of 100,000 ballots (default 3)"
    )
    args = parser.parse_args()
    url = _setup()
    mark = prepare_data_set(
        url, marker=MARKER, version=VERSION, seed=SEED, rebuild=args.rebuild, generate=generate
    )
    OUT.parent.mkdir(exist_ok=True)
    voting = vote_at_scale(url, args.workers, args.clients, args.members)
    count = count_at_scale(args.count_runs)
    data = {
        "generated_on": str(mark["made_on"]),
        "generation_seconds": round(mark["seconds"], 1),
        "voting": voting,
        "count": count,
        "bench_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    OUT.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    v, c = voting, count
    print(
        f"Voting: {v['members']:,} members, {v['requests']:,} requests ({v['twins_at_the_same_moment']} twins at the "
        f"same moment) in {v['seconds']} s ({v['ballots_per_second']} ballots/s) with {v['gunicorn_workers']} gunicorn "
        f"workers and {v['client_threads']} client threads; median {v['median_ms']} ms, p95 {v['p95_ms']} ms, "
        f"p99 {v['p99_ms']} ms; target {TARGET_VOTING_S:.0f} s: {'met' if v['seconds'] <= TARGET_VOTING_S else 'MISSED'}"
    )
    print(
        f"Exactly once: {v['exactly_once']} — {v['voter_records']:,} voter records, {v['ballots']:,} ballots, "
        f"{v['accepted']:,} accepted, {v['refused_already_voted']:,} twins refused, {v['resent_refused']:,} of {v['resent']:,} "
        f"resent refused, {v['tracking_codes_missing']} tracking codes missing; the count per candidate equals what the accepted requests sent: "
        f"{v['count_equals_what_was_sent']}"
    )
    print(
        f"Count of {c['ballots']:,} ballots: count_votes median {c['count_votes_median_s']} s (max "
        f"{c['count_votes_max_s']} s), the tally alone {c['tally_median_s']} s; target {TARGET_COUNT_S:.0f} s: "
        f"{'met' if c['count_votes_max_s'] <= TARGET_COUNT_S else 'MISSED'}"
    )
    print(
        f"Memory: gunicorn master and workers {v['gunicorn_rss_mb']} MB RSS, this process {data['bench_rss_mb']} MB peak. "
        f"Load average before {v['load_before']}, after {v['load_after']}."
    )
    return 0 if v["exactly_once"] and v["count_equals_what_was_sent"] else 1


if __name__ == "__main__":
    sys.exit(main())
