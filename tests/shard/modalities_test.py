#!/usr/bin/env python3
"""Dense modalities of `generate --modalities` checked against independent computations.

Usage: modalities_test.py SYNTH4D_BINARY SOURCE_DIR

Generates tiny.yaml with the Vulkan renderer and every modality, reads the shard with tarfile,
the .npz arrays with zipfile (no numpy needed) and the video with the ffmpeg CLI, then checks:
  * segmentation: per object and frame, the pixel count and 2D box equal truth.json's (which are
    computed from the renderer's id buffer);
  * depth: pixels back-projected with camera.json lie on the surface of the object whose id they
    carry (inside its 3D box from boxes.json, within 2 cm of a face for boxes), and ground pixels
    on the plane z = 0;
  * flow: on a translating object the mean flow equals the motion of its projected centre, and
    pixels moved along the flow land on the same object at t+1 at least as often as unmoved ones;
  * camera.json and boxes.json agree with truth.json's poses.
Prints 'N passed, N failed'.
"""
import array, io, json, math, os, struct, subprocess, sys, tarfile, tempfile, zipfile

binary, source = sys.argv[1], sys.argv[2]
passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def npy(zip_bytes, name):
    """(shape, flat list) of array `name` in an .npz held in memory."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as z:
        data = z.read(name + ".npy")
    assert data[:6] == b"\x93NUMPY", "not an npy"
    hlen = struct.unpack("<H", data[8:10])[0]
    header = eval(data[10:10 + hlen].decode("latin1"))  # a Python dict literal, by the format
    body = data[10 + hlen:]
    dtype = header["descr"]
    if dtype == "<u2":
        values = array.array("H", body)
    elif dtype == "<f2":
        values = [struct.unpack_from("<e", body, 2 * i)[0] for i in range(len(body) // 2)]
    else:
        raise ValueError(dtype)
    return header["shape"], values


def inv_apply(X, p):
    """Applies the inverse of the 4x4 rigid transform X (rows) to point p."""
    d = [p[i] - X[i][3] for i in range(3)]
    return [sum(X[r][c] * d[r] for r in range(3)) for c in range(3)]


def apply(X, p):
    return [sum(X[r][c] * p[c] for c in range(3)) + X[r][3] for r in range(3)]


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "d")
    subprocess.run([binary, "generate", "tests/shard/data/tiny.yaml", "--clips", "3",
                    "--modalities", "rgb,depth,segmentation,flow,boxes,camera",
                    "--split", "train=0.7,test=0.3", "--shard-samples", "64", "--out", out],
                   cwd=source, check=True, capture_output=True)
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    check(manifest["config"]["settings"]["modalities"] ==
          "rgb,depth,segmentation,flow,boxes,camera", "the manifest records the modalities")
    members = {}
    for shard in manifest["shards"]:
        with tarfile.open(os.path.join(out, shard["name"])) as t:
            for m in t.getmembers():
                members[m.name] = t.extractfile(m).read()
    keys = sorted({n.split(".")[0] for n in members})
    check(len(keys) == 6, "3 clips x 2 cameras")
    for key in keys:
        truth = json.loads(members[key + ".truth.json"])
        camera = json.loads(members[key + ".camera.json"])
        boxes = json.loads(members[key + ".boxes.json"])
        (T, H, W), seg = npy(members[key + ".segmentation.npz"], "segmentation")
        _, depth = npy(members[key + ".depth.npz"], "depth")
        fshape, flow = npy(members[key + ".flow.npz"], "flow")
        check(fshape == (T, H, W, 2), key + ": flow shape")
        check(len(camera["frames"]) == T and camera["width"] == W, key + ": camera frames")
        K = camera["K"]
        fx, fy, cx, cy = K[0][0], K[1][1], K[0][2], K[1][2]
        video = subprocess.run(["ffmpeg", "-v", "error", "-i", "-", "-f", "rawvideo", "-pix_fmt",
                                "rgb24", "-"], input=members[key + ".mp4"], check=True,
                               capture_output=True).stdout
        check(len(video) == T * H * W * 3, key + ": decoded video size")

        # Segmentation against the id-buffer statistics in truth.json.
        seg_ok = True
        for o, obj in enumerate(truth["objects"]):
            oid = obj["id"]
            for f in range(T):
                px = [(i % W, (i // W) % H) for i in range(f * H * W, (f + 1) * H * W)
                      if seg[i] == oid]
                bf = boxes["objects"][o]["frames"][f]
                if len(px) != bf["visible_px"]:
                    seg_ok = False
                if px:
                    box = [min(p[0] for p in px), min(p[1] for p in px),
                           max(p[0] for p in px) + 1, max(p[1] for p in px) + 1]
                    seg_ok = seg_ok and box == bf["box_2d"]
        check(seg_ok, key + ": segmentation matches visible pixel counts and 2D boxes")

        # Depth back-projects onto surfaces.
        worst_object, worst_ground, n_object = 0.0, 0.0, 0
        for f in range(0, T, 3):
            X = camera["frames"][f]["X_WC"]
            for i in range(f * H * W, (f + 1) * H * W):
                if depth[i] == 0:
                    continue
                x, y = i % W + 0.5, (i // W) % H + 0.5
                z = depth[i] / 1000.0
                p_W = apply(X, [(x - cx) / fx * z, (y - cy) / fy * z, z])
                oid = seg[i]
                if oid == 0:
                    worst_ground = max(worst_ground, abs(p_W[2]))
                    continue
                ob = boxes["objects"][oid - 1]
                c = ob["frames"][f]["corners_3d_W"]
                # Body frame from the box corners: origin at the centre, axes along the edges.
                centre = [sum(v[k] for v in c) / 8 for k in range(3)]
                axes = []
                for a, b in ((0, 1), (0, 2), (0, 4)):
                    e = [c[b][k] - c[a][k] for k in range(3)]
                    n = math.sqrt(sum(v * v for v in e)) or 1.0
                    axes.append(([v / n for v in e], n / 2))
                d = [p_W[k] - centre[k] for k in range(3)]
                local = [sum(d[k] * ax[k] for k in range(3)) for ax, _ in axes]
                half = [h for _, h in axes]
                # Outside distance to the box (0 inside): every visible point is on or in it.
                outside = math.sqrt(sum(max(0.0, abs(l) - h) ** 2 for l, h in zip(local, half)))
                if truth["objects"][oid - 1]["shape"] == "box":
                    outside = max(outside, min(h - abs(l) for l, h in zip(local, half)))
                worst_object = max(worst_object, outside)
                n_object += 1
        # Tolerances: 1 mm depth quantization, and a pixel centre at a silhouette edge can carry
        # the depth of the triangle that covers the pixel while its centre ray grazes the edge.
        check(n_object > 0 and worst_object < 0.03,
              f"{key}: depth lies on the object surfaces (worst {worst_object:.4f} m)")
        check(worst_ground < 0.01, f"{key}: ground depth lies on z = 0 (worst {worst_ground:.4f} m)")

        # Flow against the truth: on an object that only translates (the mover), the mean flow of
        # its pixels is the motion of its projected centre (perspective makes them differ by far
        # less than 0.1 px at this size); on every object, rounding pixels along the flow lands on
        # the same object at t+1 more often than staying put.
        lands_flow, lands_still, worst = 0, 0, 0.0
        for f in range(T - 1):
            for o, obj in enumerate(truth["objects"]):
                idx = [i for i in range(f * H * W, (f + 1) * H * W) if seg[i] == obj["id"]]
                for i in idx:
                    x, y = i % W, (i // W) % H
                    tx = int(math.floor(x + 0.5 + flow[2 * i]))
                    ty = int(math.floor(y + 0.5 + flow[2 * i + 1]))
                    inside = 0 <= tx < W and 0 <= ty < H
                    lands_flow += inside and seg[(f + 1) * H * W + ty * W + tx] == obj["id"]
                    lands_still += seg[i + H * W] == obj["id"]
                fr0, fr1 = obj["frames"][f], obj["frames"][f + 1]
                if (obj["name"] == "mover" and idx and fr0["visible_fraction"] == 1.0 and
                        fr1["visible_fraction"] == 1.0):
                    mean = [sum(flow[2 * i + k] for i in idx) / len(idx) for k in range(2)]
                    delta = [fr1["centre_px"][k] - fr0["centre_px"][k] for k in range(2)]
                    worst = max(worst, max(abs(mean[k] - delta[k]) for k in range(2)))
        check(worst < 0.1, f"{key}: mover's flow is its centre's motion (worst {worst:.3f} px)")
        check(lands_flow >= lands_still,
              f"{key}: flow lands on the object {lands_flow} times, staying put {lands_still}")

        # camera.json agrees with truth.json's camera.
        tc = truth["camera"]
        check(all(abs(camera["K"][r][c] - tc["K"][r][c]) < 1e-9 for r in range(3) for c in range(3)),
              key + ": K agrees with truth.json")
        check(all(abs(camera["frames"][f]["position_W"][k] - tc["X_WC"][f]["p"][k]) < 1e-9
                  for f in range(T) for k in range(3)), key + ": camera positions agree")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
