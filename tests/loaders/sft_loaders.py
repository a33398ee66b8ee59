"""Checks a `synth4d export` directory against the train-time data code of the framework it is
for. None of them is packaged for Debian 12 (they need torch and transformers), so their rules are
mirrored, read from:

- llamafactory: hiyouga/LLaMA-Factory @ ff6d4d1 (0.9.6.dev0): data/parser.py (dataset_info.json),
  data/converter.py (SharegptDatasetConverter, _find_medias: paths under media_dir = dataset_dir,
  a list of frame lists is a video), mm_plugin.py (as many <image>/<video> tags as media). Its
  files are loaded with the `datasets` json builder, so the Arrow rules (arrow_rules.py) apply.
  Sampled frames must arrive as one video (a list of frame lists), not as unrelated images.
- qwen: QwenLM/Qwen3-VL @ 9658872, qwen-vl-finetune/qwenvl/data (data_dict, data_list,
  _build_messages: Path(data_path) / media, every placeholder consumes one medium, none left).
  The export's qwen_datasets.py is imported for real, after moving the export directory.
- internvl: OpenGVLab/InternVL @ 2410d1d, internvl_chat/internvl/train/internvl_chat_finetune.py
  (meta: root, annotation, repeat_time, length; `image` lists joined to root with one <image>
  each; a `video` record needs the internal tcs_loader, so it fails for public users).
- llava: LLaVA-VL/LLaVA-NeXT @ df17966, llava/train/train.py (image_folder / video_folder joined
  to the record's path; one <image> per image, one for a video).

Usage: sft_loaders.py FORMAT EXPORT_DIR. Exit status 0 when every rule holds, 1 with the reasons.
"""
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import arrow_rules as ar


class Broken(Exception):
    pass


def load_list(path):
    rows = json.load(open(path, encoding="utf-8"))
    if not isinstance(rows, list):
        raise Broken(f"{path}: expected a JSON list")
    return rows


def alternate(conversations, where, user="human", assistant="gpt"):
    roles = [t["from"] for t in conversations]
    if len(roles) % 2 or any(r != (user, assistant)[i % 2] for i, r in enumerate(roles)):
        raise Broken(f"{where}: roles {roles} do not alternate {user}/{assistant}")


def need_file(path, where):
    if not os.path.isfile(path):
        raise Broken(f"{where}: no file {path}")


def llamafactory(out):
    info = json.load(open(os.path.join(out, "dataset_info.json"), encoding="utf-8"))
    n = 0
    for name, attr in info.items():
        if attr.get("formatting") != "sharegpt":
            raise Broken(f"{name}: formatting must be sharegpt")
        columns = attr["columns"]
        path = os.path.join(out, attr["file_name"])
        rows = load_list(path)
        ar.unify_rows(rows, path, union_keys=True)  # the json builder reads the file as one table
        for i, row in enumerate(rows):
            where = f"{attr['file_name']}[{i}]"
            conversations = row[columns["messages"]]
            alternate(conversations, where)
            text = "".join(t["value"] for t in conversations)
            if len(row.get(columns.get("images", ""), None) or []) > 1:
                raise Broken(f"{where}: frames given as unrelated images; a video model needs "
                             "them as one video (videos: [[frame, ...]], one <video>)")
            for kind, tag in (("images", "<image>"), ("videos", "<video>")):
                media = row.get(columns[kind]) if kind in columns else None
                media = media or []
                if text.count(tag) != len(media):
                    raise Broken(f"{where}: {text.count(tag)} {tag} tags for {len(media)} {kind}")
                for m in media:
                    for f in (m if isinstance(m, list) else [m]):  # [frames] = one video
                        need_file(os.path.join(out, f), where)
            n += 1
    return n


def qwen(out):
    moved = out.rstrip("/") + ".moved"
    os.rename(out, moved)  # the registry must not depend on where the export was written
    try:
        spec = importlib.util.spec_from_file_location("qwen_datasets",
                                                      os.path.join(moved, "qwen_datasets.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        n = 0
        for name, config in module.DATASETS.items():
            if not re.fullmatch(r"[A-Za-z0-9_]+", name):
                raise Broken(f"{name}: data_list reads a trailing %N as a sampling rate")
            path = config["annotation_path"]
            rows = (load_list(path) if path.endswith(".json") else
                    [json.loads(line) for line in open(path, encoding="utf-8")])
            base = Path(config["data_path"])
            for i, item in enumerate(rows):
                where = f"{name}[{i}]"
                pools = {}
                for key, tag in (("image", "<image>"), ("video", "<video>")):
                    media = item.get(key) or []
                    pools[tag] = [media] if isinstance(media, str) else list(media)
                alternate(item["conversations"], where)
                for turn in item["conversations"]:
                    if turn["from"] != "human":
                        continue
                    for seg in re.split(r"(<image>|<video>)", turn["value"]):
                        if seg in pools:
                            if not pools[seg]:
                                raise Broken(f"{where}: more {seg} placeholders than media")
                            need_file(base / pools[seg].pop(0), where)
                left = sum(len(p) for p in pools.values())
                if left:
                    raise Broken(f"{where}: {left} media remain unused")
                n += 1
        return n
    finally:
        os.rename(moved, out)


def internvl(out):
    meta = json.load(open(os.path.join(out, "internvl_meta.json"), encoding="utf-8"))
    n = 0
    for name, ds in meta.items():
        lines = open(ds["annotation"], encoding="utf-8").read().splitlines()
        if ds["length"] != len(lines) or ds["repeat_time"] <= 0:
            raise Broken(f"{name}: length {ds['length']} for {len(lines)} lines")
        for i, line in enumerate(lines):
            item = json.loads(line)
            where = f"{name}[{i}]"
            if item.get("video"):
                raise Broken(f"{where}: a video record needs InternVL's internal storage client "
                             "(tcs_loader); export with --frames N")
            images = item.get("image") or []
            first = item["conversations"][0]["value"]
            alternate(item["conversations"], where)
            if isinstance(images, list):
                if first.count("<image>") != len(images):
                    raise Broken(f"{where}: {first.count('<image>')} <image> for {len(images)}")
                for key in ("width_list", "height_list"):
                    if len(item.get(key, images)) != len(images):
                        raise Broken(f"{where}: {key} has the wrong length")
            for f in images if isinstance(images, list) else [images]:
                need_file(os.path.join(ds["root"], f), where)
            n += 1
    return n


def llava(out):
    n = 0
    for file in sorted(os.listdir(out)):
        if not re.fullmatch(r"llava_.*\.json", file):
            continue
        for i, item in enumerate(load_list(os.path.join(out, file))):
            where = f"{file}[{i}]"
            alternate(item["conversations"], where)
            first = item["conversations"][0]["value"]
            if "image" in item:
                images = item["image"] if isinstance(item["image"], list) else [item["image"]]
            else:
                images = [item["video"]]
            if first.count("<image>") != (len(images) if "image" in item else 1):
                raise Broken(f"{where}: {first.count('<image>')} <image> for {len(images)} media")
            for f in images:  # image_folder = video_folder = the export directory
                need_file(os.path.join(out, f), where)
            n += 1
    return n


if __name__ == "__main__":
    fmt, out = sys.argv[1], os.path.abspath(sys.argv[2])
    try:
        n = {"llamafactory": llamafactory, "qwen": qwen, "internvl": internvl,
             "llava": llava}[fmt](out)
        if n == 0:
            raise Broken(f"{out}: no records")
    except (Broken, ar.TypeConflict, KeyError, OSError) as e:
        print(f"{fmt}: FAIL: {type(e).__name__}: {e}")
        sys.exit(1)
    print(f"{fmt}: ok ({n} records)")
