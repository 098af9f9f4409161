#!/usr/bin/env python3
"""Generate the hostile inputs of issue 10 next to benign ones of the same size.

    python3 bench/gen_hostile.py OUTDIR

Each case is a pair of folders, OUTDIR/<case>/hostile and OUTDIR/<case>/benign, whose files
have (nearly) the same size and shape; only what makes the input hostile differs. Timing the two
in one run shows whether hostile input costs more than its size:

- near-miss: 1,500 roles with 100-character ids and a process whose 1,500 steps name them; in
  `hostile` every step names a role one character off (1,500 unknown roles, each a did-you-mean
  search among 1,500 long ids), in `benign` the right one. About 330 KB.
- duplicate-keys: a process whose labels have 40,000 keys; all the same key in `hostile`
  (40,000 duplicate-key errors, which analyze refuses, printing them as validate does), all
  different in `benign`.
- chain: one process of 80,000 steps in a row, all of one role (every step a finding whose saving
  needs the lead time without it); the peer is `validate` on the same folder.
- chain-100k: a 100,000-step chain, for `analyze --simulate 1000000`, which must be refused at
  once (10^11 step runs); the peer is `validate` on the same folder.

Deterministic; Python 3 standard library only.
"""

import os
import sys

HEADER = "apiVersion: opsflow/v1\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def role(rid):
    return f"{HEADER}kind: Role\nmetadata: {{id: {rid}, name: Role}}\nspec: {{headcount: 2}}\n"


def near_miss(out):
    count = 1500
    ids = [f"{'a' * 94}{i:06d}" for i in range(count)]
    for variant in ("hostile", "benign"):
        docs = [role(rid) for rid in ids]
        steps = []
        for i, rid in enumerate(ids):
            named = rid[:-7] + "b" + rid[-6:] if variant == "hostile" else rid
            steps.append(f"    - {{id: s{i}, name: Step {i}, role: {named}, duration: 1h}}\n")
        docs.append(f"{HEADER}kind: Process\nmetadata: {{id: p, name: P, owner: {ids[0]}}}\n"
                    f"spec:\n  frequency: 5/week\n  steps:\n" + "".join(steps))
        write(os.path.join(out, "near-miss", variant, "team.yaml"), "---\n".join(docs))


def duplicate_keys(out):
    count = 40000
    for variant in ("hostile", "benign"):
        labels = "".join(
            f"    {'kkkkkk' if variant == 'hostile' else f'k{i:05d}'}: {'v' * 6}\n" for i in range(count))
        text = (role("agent") + "---\n" + f"{HEADER}kind: Process\nmetadata:\n  id: p\n"
                f"  name: P\n  owner: agent\n  labels:\n{labels}spec:\n  frequency: 5/week\n"
                "  steps:\n    - {id: one, name: One, role: agent, duration: 1h}\n")
        write(os.path.join(out, "duplicate-keys", variant, "team.yaml"), text)


def chain(out, name, count):
    steps = "".join(f"    - {{id: s{i}, name: Step {i}, role: agent, duration: 5m}}\n"
                    for i in range(count))
    text = (role("agent") + "---\n" + f"{HEADER}kind: Process\n"
            "metadata: {id: p, name: P, owner: agent}\n"
            f"spec:\n  frequency: 1/month\n  steps:\n{steps}")
    write(os.path.join(out, name, "team.yaml"), text)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    near_miss(out)
    duplicate_keys(out)
    chain(out, "chain", 80000)
    chain(out, "chain-100k", 100000)


if __name__ == "__main__":
    main()
