#!/usr/bin/env bash
# Makes the outputs the loader checks read: a 24-clip motion_mix dataset (fake renderer) and its
# exports, generated from a directory outside the repository (so the shipped templates must be
# found from the binary). Usage: make_outputs.sh SYNTH4D_BINARY OUT_DIR SOURCE_DIR
set -euo pipefail
synth4d=$1 out=$2 src=$3
rm -rf "$out"
mkdir -p "$out"
cd "$out"
"$synth4d" generate "$src/scenes/motion_mix.yaml" --clips 24 --renderer fake --workers 2 \
  --seed 16 --out dataset
"$synth4d" export dataset --format llava --out llava
"$synth4d" export dataset --format llamafactory --out llamafactory
"$synth4d" export dataset --format llamafactory --frames 8 --out llamafactory_frames
"$synth4d" export dataset --format qwen --out qwen
"$synth4d" export dataset --format qwen --frames 8 --out qwen_frames
"$synth4d" export dataset --format internvl --frames 8 --out internvl_frames
# Every dense modality (depth, segmentation, flow, boxes, camera), a few clips.
"$synth4d" generate "$src/scenes/motion_mix.yaml" --clips 3 --renderer fake --workers 2 \
  --seed 16 --modalities rgb,depth,segmentation,flow,boxes,camera --out dataset_dense
