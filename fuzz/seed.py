#!/usr/bin/env python3
"""Seeds corpus/<target>/ for the three fuzz targets (see README.md, "Seeds").

Run from fuzz/ after `cargo build -p quytrinh-gen` at the root (for generated records).
"""
import glob
import hashlib
import json
import os
import subprocess


def put(target, data):
    if len(data) > 40_000:
        return
    os.makedirs(f"corpus/{target}", exist_ok=True)
    h = hashlib.sha1(data).hexdigest()
    with open(f"corpus/{target}/seed-{h[:16]}", "wb") as f:
        f.write(data)


files = sorted(
    glob.glob("../examples/*.json")
    + glob.glob("../examples/groups/*.json")
    + glob.glob("../tests/bad/**/*.json", recursive=True)
    + glob.glob("../../shared/conformance/*.json")
)
for name in files:
    if name.endswith("expected.json"):
        continue
    data = open(name, "rb").read()
    put("load_json", data)
    put("pipeline", b"\x00" + data)
    try:
        one = json.dumps(json.loads(data.decode("utf-8")), ensure_ascii=False).encode()
    except (UnicodeDecodeError, ValueError):
        continue
    put("load_jsonl", one + b"\n")
    put("pipeline", b"\x01" + one + b"\n")
for name in glob.glob("../tests/bad/*.jsonl"):
    data = open(name, "rb").read()
    put("load_jsonl", data)
    put("pipeline", b"\x01" + data)

gen = "../target/debug/quytrinh-gen"
if os.path.exists(gen):
    out = subprocess.run([gen, "--procedures", "30", "--seed", "7"], capture_output=True).stdout
    lines = out.split(b"\n")
    for line in lines[:12]:
        if line:
            put("load_json", line)
            put("pipeline", b"\x00" + line)
    put("load_jsonl", b"\n".join(lines[:6]) + b"\n")
    put("pipeline", b"\x01" + b"\n".join(lines[:27]) + b"\n")

# Groups that include what the fuzz targets' in-memory file system serves.
g = (b'{"group": {"code": "LT", "name": "G", "procedures": [{"include": "member.json"}, '
     b'{"include": "sub/group.json"}, {"include": "dir"}, {"include": "9.000001"}, '
     b'{"include": "in.json"}], "links": [{"from": "9.000001", "to": "9.000001", "channel": "paper"}]}}')
put("load_json", g)
put("pipeline", b"\x00" + g)
g2 = b'{"group": {"code": "LT", "name": "G", "procedures": [{"include": "member.json"}], "links": []}}'
put("load_json", g2)
put("pipeline", b"\x00" + g2)
put("pipeline", b"\x01" + g2 + b"\n")
