#!/usr/bin/env bash
# Rebuilds the synthetic-speech corpus of data/speech-corpus.csv (see docs/speech.md) and checks every SHA-256.
# Files come from fetched snapshots (bare git dirs MIRROR/owner+name/repo, the layout of the session's fetch tool)
# or, where no snapshot is present, from a `git clone` of the public repository at the manifest's commit.
# Usage: scripts/data/rebuild-speech-corpus.sh [OUT_DIR] [MIRROR_DIR]
#   OUT_DIR    default ../data-cache/speech (never inside the repository); files land in OUT_DIR/owner+name/path
#   MIRROR_DIR default /work/.mirror
# The manifest itself is written by scripts/data/speech-manifest.py from the same snapshots (labelling rules there);
# the seventh round's real speech from ASR / VAD / enhancement / pronunciation repositories is appended by
# scripts/data/speech-manifest-real7.py (same layout, same SHA-256 check here: 6,428 files since round 7).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/../data-cache/speech}"
mirror="${2:-/work/.mirror}"
manifest="$root/data/speech-corpus.csv"
mkdir -p "$out"
clones="$out/.clones"
python3 - "$manifest" "$out" "$mirror" "$clones" <<'PY'
import csv, hashlib, os, subprocess, sys
manifest, out, mirror, clones = sys.argv[1:5]
bad = 0
done = 0
gitdirs = {}
def gitdir(repo, commit):
    if repo in gitdirs:
        return gitdirs[repo]
    base = os.path.join(mirror, repo.replace("/", "+"), "repo")
    for g in (os.path.join(base, ".git"), base):
        if os.path.isdir(g) and subprocess.run(["git", "--git-dir", g, "cat-file", "-e", commit],
                                               capture_output=True).returncode == 0:
            gitdirs[repo] = g
            return g
    dest = os.path.join(clones, repo.replace("/", "+"))
    if not os.path.isdir(dest):
        subprocess.check_call(["git", "clone", "--quiet", "--filter=blob:none", "--no-checkout",
                               f"https://github.com/{repo}.git", dest])
    gitdirs[repo] = os.path.join(dest, ".git")
    return gitdirs[repo]
for row in csv.DictReader(open(manifest)):
    target = os.path.join(out, row["repo"].replace("/", "+"), row["path"])
    if os.path.isfile(target) and os.path.getsize(target) == int(row["bytes"]):
        data = open(target, "rb").read()
    else:
        data = subprocess.check_output(["git", "--git-dir", gitdir(row["repo"], row["commit"]), "show",
                                        f"{row['commit']}:{row['path']}"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "wb").write(data)
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        print(f"SHA-256 mismatch: {row['repo']} {row['path']}", file=sys.stderr)
        bad += 1
    done += 1
print(f"{done} files in {out}, {bad} SHA-256 mismatches", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
