"""Checks a synth4d dataset against the WebDataset reader (webdataset @ e0953f9, 1.0.2; not
packaged for Debian 12, so its rules are mirrored from tariterators.py, autodecode.py and
compat.py) and runs the card's snippet's real dependencies: braceexpand (python3-braceexpand,
what webdataset expands shard URLs with) and PyAV (python3-av) decoding the `mp4` bytes.

Rules: the card's `wds.WebDataset("...", shardshuffle=False)` URL expands to existing shards
(shardshuffle left unset warns in 1.0); members are regular files whose key is the path up to
the first dot of the basename and whose field is the rest, lower-cased; a sample's members are
adjacent and no field repeats within a sample (ValueError "duplicate file name in tar"); every
sample has the same fields; `.decode()` parses fields whose last extension is `json` and leaves
`mp4` as bytes, which PyAV must decode to the truth's frame count and size.

Usage: webdataset_reader.py DATASET_DIR. Exit status 0 when every rule holds, 1 with the reasons.
"""
import io
import json
import os
import re
import sys
import tarfile

import av
import braceexpand


def fail(message):
    print(f"webdataset: FAIL: {message}")
    sys.exit(1)


def group_by_keys(path):
    current, seen = None, set()
    with tarfile.open(path) as tar:
        for member in tar:
            if not member.isfile():
                fail(f"{path}: {member.name} is not a regular file")
            m = re.match(r"^((?:.*/|)[^.]+)[.]([^/]*)$", member.name)
            if not m:
                fail(f"{path}: {member.name} has no key.field form")
            key, field = m.group(1), m.group(2).lower()
            if current is None or current["__key__"] != key:
                if current is not None:
                    yield current
                if key in seen:
                    fail(f"{path}: sample {key} is split (its members are not adjacent)")
                seen.add(key)
                current = {"__key__": key, "__url__": path}
            if field in current:
                fail(f"{path}: duplicate file name in tar: {member.name}")
            current[field] = tar.extractfile(member).read()
    if current is not None:
        yield current


def decode(sample):
    out = {}
    for field, data in sample.items():
        if field.startswith("__"):
            out[field] = data
        elif re.sub(r".*[.]", "", field) in ("json", "jsn"):
            out[field] = json.loads(data)
        else:
            out[field] = data
    return out


def main(root):
    card = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    m = re.search(r'wds\.WebDataset\("([^"]+)", shardshuffle=False\)\.decode\(\)', card)
    if not m:
        fail("README.md: no wds.WebDataset(URL, shardshuffle=False).decode() snippet")
    urls = list(braceexpand.braceexpand(m.group(1)))
    missing = [u for u in urls if not os.path.isfile(os.path.join(root, u))]
    if missing:
        fail(f"the card's URL names missing shards: {missing}")
    fields, count, videos = None, 0, 0
    for url in urls:
        for raw in group_by_keys(os.path.join(root, url)):
            sample = decode(raw)
            names = sorted(k for k in sample if not k.startswith("__"))
            if fields is None:
                fields = names
            elif names != fields:
                fail(f"{url}: {sample['__key__']}: fields {names} != {fields}")
            if not isinstance(sample["mp4"], bytes):
                fail(f"{url}: mp4 did not arrive as bytes")
            if not isinstance(sample["qa.json"], list) or not isinstance(sample["truth.json"], dict):
                fail(f"{url}: {sample['__key__']}: json members did not decode")
            clip = sample["truth.json"]["clip"]
            if videos < 4:  # decode a few videos as the card's snippet does
                with av.open(io.BytesIO(sample["mp4"])) as video:
                    frames = [f.to_ndarray(format="rgb24") for f in video.decode(video=0)]
                shape = (clip["num_frames"], clip["height"], clip["width"], 3)
                if (len(frames),) + frames[0].shape != shape:
                    fail(f"{url}: {sample['__key__']}: decoded {len(frames)} frames of "
                         f"{frames[0].shape}, truth says {shape}")
                videos += 1
            count += 1
    print(f"  {len(urls)} shards, {count} samples with fields {fields}; {videos} videos decoded "
          f"with PyAV {av.__version__}")
    print("webdataset: ok")


if __name__ == "__main__":
    main(sys.argv[1])
