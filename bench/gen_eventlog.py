#!/usr/bin/env python3
"""Deterministic event logs of a support-ticket process, for the mine benchmark and examples.

python3 bench/gen_eventlog.py OUT.csv [--events 1000000] [--seed 1] [--complete-only]
                                      [--process ticket|incident-response|user-feedback]
                                      [--noise SHARE]

Each case runs the process: a decision picks one branch by its probability, optional steps run
with theirs, a rework step sends the case back with its probability (at most three times), and
every activity takes a lognormal time around its median and waits a lognormal time before it
starts (in working seconds, on a continuous clock). Resources are drawn from the step's team.
Rows: case_id, activity, timestamp (ISO 8601 UTC), lifecycle (start and complete rows, or one
complete row per activity with --complete-only), resource. Cases start at a steady rate, so the
rows are written as cases interleave in time (sorted by timestamp), as a ticket system exports
them. The same arguments always give the same file.

The processes `incident-response` and `user-feedback` name their activities as the examples'
processes do (their steps' `activity`), so `opsflow mine --process` can check the log against
them.
"""
import argparse
import datetime
import heapq
import math
import random
import sys

MIN, HOUR, DAY = 60, 3600, 86400

# step: (activity, team, median duration, median wait) ; flow: list of nodes, where a node is
# a step name, ("choice", [(probability, [nodes...]), ...]), ("optional", probability, [nodes]),
# or ("rework", probability, back_to_index) looping to an earlier node of the same list.
PROCESSES = {
    "ticket": {
        "teams": {"bot": ["bot"], "l1": [f"agent-{i}" for i in range(1, 13)],
                  "l2": [f"engineer-{i}" for i in range(1, 7)], "qa": ["qa-1", "qa-2"],
                  "lead": ["lead-1"]},
        "steps": {
            "Receive ticket": ("bot", 1, 0),
            "Classify": ("l1", 6 * MIN, 20 * MIN),
            "Answer from the knowledge base": ("l1", 10 * MIN, 30 * MIN),
            "Investigate": ("l2", 90 * MIN, 4 * HOUR),
            "Fix in production": ("l2", 2 * HOUR, 6 * HOUR),
            "Verify the fix": ("qa", 30 * MIN, 2 * HOUR),
            "Approve refund": ("lead", 10 * MIN, 1 * DAY),
            "Refund": ("l1", 5 * MIN, 1 * HOUR),
            "Reply to the customer": ("l1", 10 * MIN, 30 * MIN),
            "Close ticket": ("bot", 1, 5 * MIN),
        },
        "flow": ["Receive ticket", "Classify",
                 ("choice", [(0.55, ["Answer from the knowledge base"]),
                             (0.35, ["Investigate", "Fix in production", "Verify the fix",
                                     ("rework", 0.2, 0)]),
                             (0.10, ["Approve refund", "Refund"])]),
                 "Reply to the customer", ("optional", 0.9, ["Close ticket"])],
    },
    "incident-response": {
        "teams": {"bot": ["pagerduty"], "sre": ["Priya Nair", "Tom Becker", "Kenji Sato"],
                  "support": ["Hannah Becker", "Luis Ortega", "Nadia Rahman", "Ethan Brooks"]},
        "steps": {
            "Alert Fired": ("bot", 1 * MIN, 0),
            "Incident Triaged": ("sre", 10 * MIN, 6 * MIN),
            "Stakeholders Notified": ("support", 15 * MIN, 12 * MIN),
            "Cause Diagnosed": ("sre", 35 * MIN, 5 * MIN),
            "Mitigation Applied": ("sre", 25 * MIN, 8 * MIN),
            "Recovery Confirmed": ("support", 10 * MIN, 15 * MIN),
            "Customers Answered": ("support", 30 * MIN, 5 * MIN),
            "Timeline Copied": ("sre", 20 * MIN, 40 * MIN),
            "Postmortem Written": ("sre", 3 * HOUR, 1 * DAY),
            "Incident Closed": ("sre", 10 * MIN, 10 * MIN),
        },
        "flow": ["Alert Fired", "Incident Triaged", "Stakeholders Notified",
                 "Cause Diagnosed", "Mitigation Applied", "Recovery Confirmed",
                 ("rework", 0.2, 3), "Customers Answered",
                 "Timeline Copied",
                 ("optional", 0.3, ["Postmortem Written"]), "Incident Closed"],
    },
    "user-feedback": {
        "teams": {"bot": ["zendesk"],
                  "support": ["Hannah Becker", "Luis Ortega", "Nadia Rahman", "Ethan Brooks"],
                  "legal": ["Daniel Okafor", "Mei Tanaka"]},
        "steps": {
            "Feedback Received": ("bot", 1 * MIN, 0),
            "Feedback Classified": ("support", 6 * MIN, 5 * HOUR),
            "Ticket Routed": ("support", 2 * MIN, 0),
            "Bug Filed": ("support", 25 * MIN, 3 * HOUR),
            "Request Logged": ("support", 5 * MIN, 1 * DAY),
            "Data Request Reviewed": ("legal", 25 * MIN, 1 * DAY),
            "User Called Back": ("support", 15 * MIN, 40 * MIN),
            "User Answered": ("support", 12 * MIN, 0),
            "Stakeholders Notified": ("support", 15 * MIN, 1 * HOUR),
            "Ticket Closed": ("bot", 1 * MIN, 0),
        },
        "flow": ["Feedback Received", "Feedback Classified",
                 "Ticket Routed",
                 ("choice", [(0.30, ["Bug Filed"]),
                             (0.45, ["Request Logged"]),
                             (0.05, ["Data Request Reviewed"]),
                             (0.20, ["User Called Back"])]),
                 "User Answered", ("optional", 0.1, ["Stakeholders Notified"]),
                 "Ticket Closed"],
    },
}


def lognormal(rng, median, sigma=0.6):
    return 0 if median <= 0 else median * math.exp(rng.gauss(0, sigma))


def run_flow(rng, flow, out):
    """Appends the activities of one run of `flow` to `out`."""
    i, loops = 0, 0
    while i < len(flow):
        node = flow[i]
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "choice":
            r, acc = rng.random(), 0.0
            for probability, branch in node[1]:
                acc += probability
                if r < acc:
                    run_flow(rng, branch, out)
                    break
            else:
                run_flow(rng, node[1][-1][1], out)
        elif node[0] == "optional":
            if rng.random() < node[1]:
                run_flow(rng, node[2], out)
        elif node[0] == "rework":
            if loops < 3 and rng.random() < node[1]:
                loops += 1
                i = node[2]
                continue
        i += 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--events", type=int, default=1_000_000, help="rows to write (about)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--complete-only", action="store_true")
    parser.add_argument("--process", choices=sorted(PROCESSES), default="ticket")
    parser.add_argument("--start", default="2026-01-05T08:00:00", help="first case (UTC)")
    parser.add_argument("--every", type=float, default=600, help="seconds between cases")
    parser.add_argument("--noise", type=float, default=0.0,
                        help="share of cases that leave the process: two activities swapped, one "
                             "left out, or an activity the model does not know")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    process = PROCESSES[args.process]
    origin = datetime.datetime.fromisoformat(args.start).replace(tzinfo=datetime.timezone.utc)
    rows_per_activity = 1 if args.complete_only else 2
    rows = []  # (time, sequence, case, activity, lifecycle, resource)
    written, case, sequence = 0, 0, 0
    while written < args.events:
        case += 1
        clock = (case - 1) * args.every + rng.uniform(0, args.every)
        activities = []
        run_flow(rng, process["flow"], activities)
        if args.noise > 0 and rng.random() < args.noise and len(activities) > 2:
            k = rng.randrange(1, len(activities) - 1)
            how = rng.randrange(3)
            if how == 0:
                activities[k], activities[k + 1] = activities[k + 1], activities[k]
            elif how == 1:
                del activities[k]
            else:
                activities.insert(k, "Escalated to a manager")
        for activity in activities:
            team, median, wait = process["steps"].get(activity, ("bot", 5 * MIN, 30 * MIN))
            clock += lognormal(rng, wait)
            resource = rng.choice(process["teams"][team])
            start = clock
            clock += lognormal(rng, median)
            if not args.complete_only:
                rows.append((start, sequence, case, activity, "start", resource))
                sequence += 1
            rows.append((clock, sequence, case, activity, "complete", resource))
            sequence += 1
            written += rows_per_activity
    rows.sort()
    with open(args.out, "w", newline="") as f:
        f.write("case_id,activity,timestamp,lifecycle,resource\n")
        for t, _, c, activity, lifecycle, resource in rows:
            when = origin + datetime.timedelta(seconds=round(t, 3))
            stamp = when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
            f.write(f"C{c:07d},{activity},{stamp},{lifecycle},{resource}\n")
    print(f"wrote {args.out}: {len(rows)} rows, {case} cases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
