"""Following 12 lead searches from blocking code: one after another vs together.

The case of issue 14: a lead-enrichment app ported onto ``Pronto`` starts a company search,
follows its leads, then starts the next. Each search runs a different time on the server
(here 0.2 s, 0.4 s, ... 2.4 s; sum 15.6 s). Contenders, in rounds whose order alternates:

- one after another: ``for url in companies: job = start(url); for lead in job.leads(): ...``
  (about the sum of the durations);
- together: start all twelve, then ``for job, lead in pronto_async.follow_all(jobs): ...``
  (about the slowest one plus polling and pacing: Pronto runs the same followers at once
  on its loop thread);
- together, ``wait_all``: start all twelve, then ``pronto_async.wait_all(jobs)``.

The FakePronto runs on a loop thread of this process (its clock is shaped per search, which
a separate process would not allow); this measures wall time, which the fake barely
affects. Reported: wall seconds per contender (median over the rounds), the leads
received, and the ratio to one after another.

    python benchmarks/many_jobs.py [ROUNDS]      # default: 3 rounds
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import pronto_async
from pronto_async import Pronto, SyncSearchJob
from pronto_async.testing import FakePronto

COMPANIES = [f"https://www.linkedin.com/company/acme-{i}" for i in range(12)]
DURATIONS = [0.2 * (i + 1) for i in range(12)]
LEADS = 10
POLL = 0.1
NAMES = ("one after another", "together: follow_all", "together: wait_all")


def start(fake: FakePronto, pronto: Pronto, index: int) -> SyncSearchJob[Any]:
    job = pronto.leads.search_in_company(
        company_linkedin_url=COMPANIES[index], job_titles=["*"], limit=LEADS,
        webhook_url="http://127.0.0.1:9/unused",
    )
    search = fake.world.searches[job.id]
    search.started, search.duration = time.monotonic(), DURATIONS[index]
    return job


def one_after_another(fake: FakePronto, pronto: Pronto) -> int:
    leads = 0
    for index in range(len(COMPANIES)):
        job = start(fake, pronto, index)
        leads += sum(1 for _ in job.leads(poll_interval=POLL))
    return leads


def follow_together(fake: FakePronto, pronto: Pronto) -> int:
    jobs = [start(fake, pronto, index) for index in range(len(COMPANIES))]
    return sum(1 for _ in pronto_async.follow_all(jobs, poll_interval=POLL))


def wait_together(fake: FakePronto, pronto: Pronto) -> int:
    jobs = [start(fake, pronto, index) for index in range(len(COMPANIES))]
    return sum(len(d.leads or []) for d in pronto_async.wait_all(jobs, poll_interval=POLL))


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    runs: dict[str, Callable[[FakePronto, Pronto], int]] = dict(
        zip(NAMES, (one_after_another, follow_together, wait_together), strict=True)
    )
    wall: dict[str, list[float]] = {name: [] for name in NAMES}
    leads: dict[str, int] = {}
    # time_scale 1: the durations above are the searches' real run times; the documented
    # limits apply as they are (lead searches start unthrottled; polls are free GETs).
    fake = FakePronto(time_scale=1.0, start_seconds=0.0, job_seconds=1.0)
    with fake, fake.sync_client() as pronto:
        for round_ in range(rounds):
            order = NAMES if round_ % 2 == 0 else NAMES[::-1]
            for name in order:
                began = time.perf_counter()
                leads[name] = runs[name](fake, pronto)
                wall[name].append(time.perf_counter() - began)
    base = statistics.median(wall[NAMES[0]])
    print(f"`python benchmarks/many_jobs.py {rounds}`: 12 searches of "
          f"{DURATIONS[0]:.1f}-{DURATIONS[-1]:.1f} s (sum {sum(DURATIONS):.1f} s, "
          f"max {max(DURATIONS):.1f} s), {LEADS} leads each, poll_interval={POLL}, "
          f"{rounds} rounds, medians\n")
    print("| from `Pronto` | wall (s) | leads | vs one after another |")
    print("|---|---|---|---|")
    for name in NAMES:
        median = statistics.median(wall[name])
        print(f"| {name} | {median:.2f} | {leads[name]} | {median / base:.2f}x |")


if __name__ == "__main__":
    main()
