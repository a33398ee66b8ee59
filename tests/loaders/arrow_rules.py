"""The typing rules Hugging Face `datasets` (through pyarrow) applies to JSON-like rows.

Mirrors datasets @ b7cb10b (5.0.2.dev0) and pyarrow's inference, read from their sources:
- without declared features a field's type is inferred: null unifies with any type, ints with
  floats inside one table; a Python int above 2**63 - 1 is uint64, which never unifies with int64;
  string, number, bool, list and struct never unify with each other;
- a struct built from several dicts in one table takes the union of their keys, but two tables
  (JSON Lines blocks, or the webdataset builder's first samples and the later ones) must agree
  exactly (datasets' table_cast refuses a struct whose fields differ);
- with declared features every value must convert to the declared type; keys a struct does not
  declare would be dropped, which we count as an error (data silently lost).
"""

INT64_MAX = 2**63 - 1


class TypeConflict(Exception):
    pass


def infer(value, path="$"):
    """The Arrow type pyarrow infers for one JSON value (a nested tuple)."""
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool",)
    if isinstance(value, int):
        return ("uint64",) if value > INT64_MAX else ("int64",)
    if isinstance(value, float):
        return ("float64",)
    if isinstance(value, str):
        return ("string",)
    if isinstance(value, bytes):
        return ("binary",)
    if isinstance(value, list):
        t = ("null",)
        for i, v in enumerate(value):
            t = unify(t, infer(v, f"{path}[{i}]"), f"{path}[]", union_keys=True)
        return ("list", t)
    if isinstance(value, dict):
        return ("struct", {k: infer(v, f"{path}.{k}") for k, v in value.items()})
    raise TypeConflict(f"{path}: not a JSON value: {type(value).__name__}")


def show(t):
    if t[0] == "list":
        return f"list<{show(t[1])}>"
    if t[0] == "struct":
        return "struct<" + ", ".join(f"{k}: {show(v)}" for k, v in t[1].items()) + ">"
    return t[0]


def unify(a, b, path, union_keys):
    """One type for `a` and `b` or TypeConflict. `union_keys`: inside one table (from_pylist)."""
    if a[0] == "null":
        return b
    if b[0] == "null":
        return a
    if a == b:
        return a
    if {a[0], b[0]} == {"int64", "float64"} and union_keys:
        return ("float64",)
    if a[0] == b[0] == "list":
        return ("list", unify(a[1], b[1], path + "[]", union_keys))
    if a[0] == b[0] == "struct":
        ka, kb = set(a[1]), set(b[1])
        if ka != kb and not union_keys:
            raise TypeConflict(f"{path}: struct fields differ across tables: "
                               f"{sorted(ka ^ kb)} present in only some rows")
        keys = list(a[1]) + [k for k in b[1] if k not in a[1]]
        return ("struct", {k: unify(a[1].get(k, ("null",)), b[1].get(k, ("null",)),
                                    f"{path}.{k}", union_keys) for k in keys})
    raise TypeConflict(f"{path}: {show(a)} and {show(b)} do not unify")


def unify_rows(rows, where, union_keys):
    """The schema of `rows` (dicts) as one table (union_keys) or as tables of one row each."""
    t = ("null",)
    for i, row in enumerate(rows):
        try:
            t = unify(t, infer(row), "$", union_keys)
        except TypeConflict as e:
            raise TypeConflict(f"{where}, row {i + 1}: {e}") from None
    return t


def null_fields(t, path="$"):
    """Fields whose type stays null (a later non-null value fails the cast)."""
    if t[0] == "null":
        return [path]
    if t[0] == "list":
        return null_fields(t[1], path + "[]")
    if t[0] == "struct":
        return [p for k, v in t[1].items() for p in null_fields(v, f"{path}.{k}")]
    return []


# Declared features, as `datasets` reads them from the card's YAML (Features._from_yaml_list).
SCALARS = {"string", "large_string", "int8", "int16", "int32", "int64", "uint8", "uint16",
           "uint32", "uint64", "float16", "float32", "float64", "bool", "binary", "large_binary"}


def feature_from_yaml(entry, path):
    """One `- name: ...` entry's type: ('scalar', dtype), ('list', t) or ('struct', {...})."""
    kinds = [k for k in ("dtype", "list", "sequence", "large_list", "struct") if k in entry]
    if len(kinds) != 1:
        raise TypeConflict(f"{path}: expected one of dtype, list, struct; found {kinds}")
    kind, body = kinds[0], entry[kinds[0]]
    if kind == "dtype":
        if body not in SCALARS:
            raise TypeConflict(f"{path}: unknown dtype {body!r}")
        return ("scalar", body)
    if kind == "struct":
        return ("struct", features_from_yaml(body, path))
    if isinstance(body, str):
        return ("list", feature_from_yaml({"dtype": body}, path + "[]"))
    if isinstance(body, list):
        return ("list", ("struct", features_from_yaml(body, path + "[]")))
    return ("list", feature_from_yaml(body, path + "[]"))


def features_from_yaml(entries, path="features"):
    if not isinstance(entries, list):
        raise TypeConflict(f"{path}: expected a list of {{name, type}} entries")
    out = {}
    for e in entries:
        if not isinstance(e, dict) or "name" not in e:
            raise TypeConflict(f"{path}: entry without a name: {e!r}")
        name = str(e["name"])
        if name in out:
            raise TypeConflict(f"{path}: {name} declared twice")
        out[name] = feature_from_yaml({k: v for k, v in e.items() if k != "name"},
                                      f"{path}.{name}")
    return out


def list_depth(feature):
    """How many list levels `feature` nests, and the scalar inside (None for a struct)."""
    depth = 0
    while feature[0] == "list":
        depth, feature = depth + 1, feature[1]
    return depth, (feature[1] if feature[0] == "scalar" else None)


def conform_array(array, feature, path):
    """A numpy array (a decoded .npy / .npz member) into nested lists of a numeric scalar: one
    list level per dimension, and a dtype that casts to the scalar without loss."""
    depth, dtype = list_depth(feature)
    if depth != array.ndim or dtype is None:
        raise TypeConflict(f"{path}: a {array.ndim}-d array is not {depth} nested lists of a scalar")
    if dtype not in SCALARS or dtype in ("string", "large_string", "binary", "large_binary"):
        raise TypeConflict(f"{path}: an array of {array.dtype} is not {dtype}")
    import numpy
    if not numpy.can_cast(array.dtype, numpy.dtype(dtype), casting="safe"):
        raise TypeConflict(f"{path}: an array of {array.dtype} does not cast safely to {dtype}")


def conform(value, feature, path):
    """Raises TypeConflict unless `value` converts to the declared `feature`."""
    if value is None:
        return
    if type(value).__module__ == "numpy" and hasattr(value, "ndim"):
        conform_array(value, feature, path)
        return
    kind = feature[0]
    if kind == "scalar":
        dtype = feature[1]
        ok = {
            "string": isinstance(value, str), "large_string": isinstance(value, str),
            "bool": isinstance(value, bool),
            "binary": isinstance(value, bytes), "large_binary": isinstance(value, bytes),
        }.get(dtype)
        if ok is None and dtype.startswith("float"):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok is None:  # integers: range of the declared width
            bits = int(dtype.lstrip("uint"))
            lo, hi = (0, 2**bits - 1) if dtype.startswith("u") else (-2**(bits - 1), 2**(bits - 1) - 1)
            ok = isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi
        if not ok:
            raise TypeConflict(f"{path}: {value!r:.60} is not {dtype}")
    elif kind == "list":
        if not isinstance(value, list):
            raise TypeConflict(f"{path}: expected a list, found {type(value).__name__}")
        for i, v in enumerate(value):
            conform(v, feature[1], f"{path}[{i}]")
    else:
        if not isinstance(value, dict):
            raise TypeConflict(f"{path}: expected an object, found {type(value).__name__}")
        extra = sorted(set(value) - set(feature[1]))
        if extra:
            raise TypeConflict(f"{path}: fields {extra} are not declared (they would be dropped)")
        for k, f in feature[1].items():
            conform(value.get(k), f, f"{path}.{k}")
