"""Checks a synth4d dataset directory against the rules Hugging Face `datasets` applies when
`load_dataset` opens it (datasets @ b7cb10b, 5.0.2.dev0; pyarrow is not packaged for Debian 12,
so the rules are mirrored, read from load.py, packaged_modules/{webdataset,json} and
features/features.py):

1. One builder per repository: the module is inferred from the first config's data files (their
   extension) and builds every config, so each config's files must be of that module.
2. The card's `dataset_info` gives each config's features; every sample of the webdataset config
   (members grouped by key as the builder does, `.json` members parsed) must have exactly the
   declared columns and convert to the declared types. Members are decoded by extension as the
   builder's decoders do (`.json` parsed, `.npy` / `.npz` read with numpy, an NpzFile being a
   Mapping of its arrays), and a declared column a sample lacks is read as null.
3. The question files the card loads with the `json` builder type-check with no card: a JSON
   array file is one table (struct keys may vary, types must unify), a JSON Lines file is read in
   blocks (struct fields must also be identical in every row), and no field may stay null.

Usage: hf_datasets.py DATASET_DIR [--shards-only] [MEMBER ...]
  MEMBER: members some sample must hold; --shards-only: rules 1 and 2 only (a dataset made to
  check shard members, too small for its question files to hold every field).
Exit status 0 when every rule holds, 1 with the reasons.
"""
import glob
import io
import json
import os
import re
import sys
import tarfile

import numpy
import yaml

import arrow_rules as ar

EXTENSION_TO_MODULE = {".tar": "webdataset", ".json": "json", ".jsonl": "json",
                       ".parquet": "parquet", ".csv": "csv", ".txt": "text", ".arrow": "arrow",
                       ".mp4": "videofolder", ".jpg": "imagefolder", ".png": "imagefolder"}
MODULE_EXTENSIONS = {}
for ext, module in EXTENSION_TO_MODULE.items():
    MODULE_EXTENSIONS.setdefault(module, set()).add(ext)
NUM_EXAMPLES_FOR_FEATURES_INFERENCE = 5


def front_matter(readme):
    text = open(readme, encoding="utf-8").read()
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if not m:
        raise ar.TypeConflict("README.md: no YAML front matter")
    return yaml.safe_load(m.group(1)), text


def data_files(root, config):
    files = config.get("data_files")
    entries = files if isinstance(files, list) else [{"split": "train", "path": files}]
    out = {}
    for e in entries:
        paths = e["path"] if isinstance(e["path"], list) else [e["path"]]
        matched = sorted(p for pattern in paths for p in glob.glob(os.path.join(root, pattern)))
        if not matched:
            raise ar.TypeConflict(f"config {config['config_name']}: {paths} match no file")
        out[e["split"]] = matched
    return out


def module_of(files, where):
    modules = {EXTENSION_TO_MODULE.get(os.path.splitext(f)[1].lower()) for f in files}
    if len(modules) != 1 or None in modules:
        raise ar.TypeConflict(f"{where}: no single packaged module for {sorted(modules, key=str)}")
    return modules.pop()


def decode(field, data):
    """The builder's decoder for a member (webdataset.py, `_decoders`; only the ones we write)."""
    extension = field.split(".")[-1].lower()
    if extension == "json":
        return json.loads(data)
    if extension == "npy":
        return numpy.lib.format.read_array(io.BytesIO(data), allow_pickle=False)
    if extension == "npz":
        with numpy.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}
    return data


def samples(tar_path):
    """The webdataset builder's grouping: key = path up to the first dot of the basename."""
    current = {}
    with tarfile.open(tar_path) as tar:
        for member in tar:
            m = re.match(r"^((?:.*/|)[^.]+)[.]([^/]*)$", member.name)
            if not m or not member.isfile():
                continue
            key, field = m.group(1), m.group(2)
            if current and current["__key__"] != key:
                yield current
                current = {}
            data = tar.extractfile(member).read()
            current["__key__"], current["__url__"] = key, tar_path
            current[field] = decode(field, data)
    if current:
        yield current


def check_webdataset(config, files, features):
    name = config["config_name"]
    present = set()
    for split, tars in files.items():
        first = []
        count = 0
        for tar in tars:
            for s in samples(tar):
                if len(first) < NUM_EXAMPLES_FOR_FEATURES_INFERENCE:
                    first.append(s)
                    if s.keys() != first[0].keys():
                        raise ar.TypeConflict(f"{tar}: {s['__key__']}: members differ from the "
                                              "first sample's (the builder's first check)")
                undeclared = set(s) - set(features)
                if undeclared:
                    raise ar.TypeConflict(
                        f"{tar}: {s['__key__']}: members {sorted(undeclared)} are not declared "
                        f"(generator/shard/src/features.cc)")
                for column, feature in features.items():
                    ar.conform(s.get(column), feature, f"{tar}: {s['__key__']}.{column}")
                count += 1
                present.update(s)
        print(f"  {name}/{split}: {count} samples conform to the declared features")
    return present


def check_json_file(path):
    if path.endswith(".jsonl"):
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        t = ar.unify_rows(rows, path, union_keys=False)
    else:
        rows = json.load(open(path, encoding="utf-8"))
        if not isinstance(rows, list):
            raise ar.TypeConflict(f"{path}: expected a JSON array of rows")
        t = ar.unify_rows(rows, path, union_keys=True)
    nulls = ar.null_fields(t)
    if nulls:
        raise ar.TypeConflict(f"{path}: fields inferred as null (a later value fails): {nulls}")
    print(f"  json {os.path.basename(os.path.dirname(path))}/{os.path.basename(path)}: "
          f"{len(rows)} rows, one schema")


def main(root, expected_members, shards_only):
    card, text = front_matter(os.path.join(root, "README.md"))
    configs = card.get("configs") or []
    if not configs:
        raise ar.TypeConflict("README.md: no configs")
    resolved = [(c, data_files(root, c)) for c in configs]
    first = resolved[0]
    split_modules = {module_of(f, f"config {first[0]['config_name']} split {s}")
                     for s, f in first[1].items()}
    if len(split_modules) != 1:
        raise ar.TypeConflict(f"splits of the first config infer different modules {split_modules}")
    module = split_modules.pop()
    print(f"  builder for the repository: {module} (from config {first[0]['config_name']})")
    infos = {i["config_name"]: i for i in card.get("dataset_info") or []}
    for config, files in resolved:
        for split, paths in files.items():
            wrong = [p for p in paths if os.path.splitext(p)[1] not in MODULE_EXTENSIONS[module]]
            if wrong:
                raise ar.TypeConflict(f"config {config['config_name']} split {split}: the "
                                      f"{module} builder cannot open {wrong[0]}")
    for config, files in resolved:
        info = infos.get(config["config_name"])
        if not info or "features" not in info:
            raise ar.TypeConflict(f"config {config['config_name']}: no dataset_info features")
        features = ar.features_from_yaml(info["features"])
        if module == "webdataset":
            missing = set(expected_members) - check_webdataset(config, files, features)
            if missing:
                raise ar.TypeConflict(f"config {config['config_name']}: no sample holds "
                                      f"{sorted(missing)}")
    if shards_only:
        return
    # The card's json-builder snippet: data_files={"train": f"{files}/train/metadata.jsonl", ...}.
    named = re.findall(r'f"\{files\}/([^"]+)"', text)
    if not named:
        raise ar.TypeConflict("README.md: no question files in the loading snippet")
    for rel in named:
        check_json_file(os.path.join(root, rel))
        check_json_file(os.path.join(root, os.path.dirname(rel), "qa.json"))


if __name__ == "__main__":
    try:
        args = sys.argv[2:]
        main(sys.argv[1], [a for a in args if a != "--shards-only"], "--shards-only" in args)
    except ar.TypeConflict as e:
        print(f"hf_datasets: FAIL: {e}")
        sys.exit(1)
    print("hf_datasets: ok")
