#!/usr/bin/env python3
"""Generate src/sim/schema/k8s-api.schema from Kubernetes' OpenAPI documents and Go API types.

The simulator's strict decoder and `kubectl explain` need, for every API type reachable from the
kinds the playground models, the JSON field names, value types, required flags, enum values and
(for a chosen subset) descriptions. They also need the Go type names that the API server's JSON
decoder prints in its "cannot unmarshal" errors, which OpenAPI does not carry; those come from the
Go structs in k8s.io/api and k8s.io/apimachinery.

Inputs (all public, all the same Kubernetes minor release):

  --openapi FILE    An OpenAPI document: either a v3 document (`components.schemas`, e.g.
                    kubernetes/kubernetes api/openapi-spec/v3/api__v1_openapi.json) or the v2
                    document (`definitions`, api/openapi-spec/swagger.json). Repeatable; the
                    definitions are merged. Use a document generated with the OpenAPIEnums
                    feature on (as a running cluster serves it), so enum values are present.
  --go PKG=FILE     A Go source file declaring API types of package PKG, where PKG is one of
                    core/v1, apps/v1, storage/v1, meta/v1, runtime. Repeatable.
  --out FILE        Where to write the data file.

How the committed data file was produced (Kubernetes 1.35):

  git --git-dir=<kubernetes-sigs/reference-docs> show HEAD:gen-resourcesdocs/api/v1.35/swagger.json > swagger.json
  for p in core apps storage; do git --git-dir=<kubernetes/api> show v0.35.7:$p/v1/types.go > $p.go; done
  git --git-dir=<kubernetes/apimachinery> show v0.35.7:pkg/apis/meta/v1/types.go > meta.go
  git --git-dir=<kubernetes/apimachinery> show v0.35.7:pkg/runtime/types.go > runtime.go
  python3 tools/gen-schema.py --openapi swagger.json --go core/v1=core.go --go apps/v1=apps.go \
      --go storage/v1=storage.go --go meta/v1=meta.go --go runtime=runtime.go \
      --out src/sim/schema/k8s-api.schema

The swagger.json of kubernetes-sigs/reference-docs is upstream's api/openapi-spec/swagger.json for
the release, regenerated with OpenAPIEnums=true (upstream commits its copy with enums off).

Output format: see the module header of src/sim/schema/mod.rs. One record per line, fields
separated by tabs, trailing empty fields dropped.

The generator fails loudly when the OpenAPI and Go views of a type disagree (a property without
a Go field, a Go field without a property, or incompatible value types), so a regeneration against
a new release cannot silently drift.
"""

import argparse
import json
import re
import sys

# The kinds the playground serves, as (group, version, kind).
KINDS = [
    ("", "v1", "Namespace"),
    ("", "v1", "Node"),
    ("", "v1", "Service"),
    ("", "v1", "Endpoints"),
    ("", "v1", "Pod"),
    ("", "v1", "PersistentVolumeClaim"),
    ("", "v1", "PersistentVolume"),
    ("", "v1", "ConfigMap"),
    ("", "v1", "Event"),
    ("apps", "v1", "StatefulSet"),
    ("apps", "v1", "ControllerRevision"),
    ("storage.k8s.io", "v1", "StorageClass"),
]

# Types whose every field keeps its description (in addition to the kinds' top-level fields and
# the fields of each kind's spec and status types).
DESCRIBED_TYPES = {
    "StatefulSetSpec",
    "StatefulSetStatus",
    "StatefulSetUpdateStrategy",
    "RollingUpdateStatefulSetStrategy",
    "StatefulSetPersistentVolumeClaimRetentionPolicy",
    "StatefulSetOrdinals",
    "PersistentVolumeClaimSpec",
    "PersistentVolumeSpec",
    "ServiceSpec",
    "ServicePort",
    "ObjectMeta",
    "Container",
    "ContainerPort",
    "VolumeMount",
    "Probe",
    "StorageClass",
    # Not in the brief's list, but `kubectl explain pvc.spec.resources` is a featured lesson.
    "VolumeResourceRequirements",
}

# OpenAPI definitions that are not objects for our purposes: they get a scalar value code.
SPECIAL_REFS = {
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "q",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "x",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "t",
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "m",
    "io.k8s.apimachinery.pkg.runtime.RawExtension": "r",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "v",
}
# Their short names, which are also the names kept for their type descriptions.
SPECIAL_NAMES = {code: ref.rsplit(".", 1)[1] for ref, code in SPECIAL_REFS.items()}

# Go's reflect name of the types behind the value codes when the field carries no named type.
DEFAULT_GO = {
    "s": "string",
    "b": "bool",
    "i": "int32",
    "l": "int64",
    "f": "float64",
    "q": "resource.Quantity",
    "x": "intstr.IntOrString",
    "t": "v1.Time",
    "m": "v1.MicroTime",
    "r": "runtime.RawExtension",
    "v": "v1.FieldsV1",
    "y": "[]uint8",
}

GO_BUILTINS = {
    "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
    "uint32", "uint64", "float32", "float64", "byte", "rune",
}

# Package name Go's reflect prints for each import path we meet.
GO_PACKAGE_NAME = {
    "core/v1": "v1",
    "apps/v1": "v1",
    "storage/v1": "v1",
    "meta/v1": "v1",
    "runtime": "runtime",
}
# Import aliases used in those files, mapped to the package they name.
GO_IMPORT_ALIASES = {
    "metav1": "meta/v1",
    "v1": "core/v1",
    "resource": "resource",
    "intstr": "intstr",
    "types": "types",
    "runtime": "runtime",
}


def die(message):
    print("gen-schema: " + message, file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------------------------------------
# Go source: structs (field name, Go type, JSON name, embedded?) and named non-struct types.


def strip_go_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def parse_go_file(package, text):
    """Returns (structs, named): structs[name] = list of (go_name, go_type, json_name, embedded)."""
    text = strip_go_comments(text)
    structs = {}
    named = {}
    for match in re.finditer(r"^type (\w+) struct \{\n(.*?)^\}", text, flags=re.S | re.M):
        name, body = match.group(1), match.group(2)
        fields = []
        for line in body.splitlines():
            line = line.strip()
            if not line:
                continue
            tag_match = re.search(r"`([^`]*)`", line)
            tag = tag_match.group(1) if tag_match else ""
            decl = line[: tag_match.start()].strip() if tag_match else line
            json_match = re.search(r'json:"([^"]*)"', tag)
            json_name = json_match.group(1).split(",")[0] if json_match else None
            parts = decl.split()
            if len(parts) == 1:
                go_type = parts[0]
                go_name = go_type.lstrip("*").split(".")[-1]
                embedded = True
            elif len(parts) == 2:
                go_name, go_type = parts
                embedded = False
            else:
                die(f"cannot parse field line in {package}.{name}: {line!r}")
            if json_name == "-":
                continue
            if not go_name[0].isupper():
                continue  # unexported: invisible to encoding/json
            if json_name is None or json_name == "":
                json_name = None if embedded else go_name
            fields.append((go_name, go_type, json_name, embedded))
        structs[name] = fields
    for match in re.finditer(r"^type (\w+) ([^\s{][^\n]*)$", text, flags=re.M):
        name, underlying = match.group(1), match.group(2).strip()
        if underlying.startswith("struct") or underlying.startswith("interface"):
            continue
        if underlying.startswith("="):
            continue
        named[name] = underlying
    return structs, named


class GoTypes:
    def __init__(self):
        self.structs = {}  # (package, name) -> fields
        self.named = {}  # (package, name) -> underlying Go type expression (in that package)

    def add(self, package, text):
        structs, named = parse_go_file(package, text)
        for name, fields in structs.items():
            self.structs[(package, name)] = fields
        for name, underlying in named.items():
            self.named[(package, name)] = underlying

    def resolve_ident(self, package, ident):
        """Returns (package, name) for a possibly qualified identifier used in `package`."""
        if "." in ident:
            alias, name = ident.split(".", 1)
            if alias not in GO_IMPORT_ALIASES:
                die(f"unknown Go import alias {alias!r} in {package}")
            target = GO_IMPORT_ALIASES[alias]
            if package == "meta/v1" and alias == "v1":
                target = "meta/v1"
            return target, name
        return package, ident

    def reflect_name(self, package, expr):
        """Go's reflect.Type.String() for a type expression written in `package`."""
        if expr.startswith("*"):
            return "*" + self.reflect_name(package, expr[1:])
        if expr.startswith("[]"):
            inner = expr[2:]
            if inner == "byte":
                return "[]uint8"
            return "[]" + self.reflect_name(package, inner)
        if expr.startswith("map["):
            depth = 0
            for index, char in enumerate(expr):
                if char == "[":
                    depth += 1
                elif char == "]":
                    depth -= 1
                    if depth == 0:
                        key = expr[4:index]
                        value = expr[index + 1 :]
                        break
            return f"map[{self.reflect_name(package, key)}]{self.reflect_name(package, value)}"
        if expr in GO_BUILTINS:
            return "uint8" if expr == "byte" else expr
        target, name = self.resolve_ident(package, expr)
        package_name = GO_PACKAGE_NAME.get(target, target)
        return f"{package_name}.{name}"

    def underlying(self, package, expr):
        """The underlying expression of a named non-struct type, or None for structs/builtins."""
        expr = expr.lstrip("*")
        if expr.startswith("[]") or expr.startswith("map[") or expr in GO_BUILTINS:
            return None
        target, name = self.resolve_ident(package, expr)
        if (target, name) in self.named:
            return target, self.named[(target, name)]
        return None

    def find_struct(self, name):
        hits = [key for key in self.structs if key[1] == name]
        return hits[0] if len(hits) == 1 else None

    def json_fields(self, package, name, prefix=()):
        """Flattened JSON fields of a struct: json_name -> (go_type, package, embedded_prefix)."""
        result = {}
        for go_name, go_type, json_name, embedded in self.structs[(package, name)]:
            if embedded and json_name is None:
                target, inner = self.resolve_ident(package, go_type.lstrip("*"))
                if (target, inner) not in self.structs:
                    die(f"embedded struct {go_type} of {package}.{name} not found")
                for key, value in self.json_fields(target, inner, prefix + (go_name,)).items():
                    result.setdefault(key, value)
                continue
            result[json_name] = (go_type, package, prefix)
        return result


# ---------------------------------------------------------------------------------------------
# OpenAPI: definitions keyed by full name, refs normalised.


def load_openapi(paths):
    definitions = {}
    for path in paths:
        with open(path) as handle:
            document = json.load(handle)
        if "components" in document:
            schemas = document["components"].get("schemas", {})
        elif "definitions" in document:
            schemas = document["definitions"]
        else:
            die(f"{path}: neither an OpenAPI v3 nor a v2 document")
        for name, schema in schemas.items():
            definitions.setdefault(name, schema)
    return definitions


def ref_of(schema):
    """The definition a (field) schema refers to, through $ref or a single-element allOf."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    all_of = schema.get("allOf")
    if all_of and len(all_of) == 1 and "$ref" in all_of[0]:
        return all_of[0]["$ref"].rsplit("/", 1)[1]
    return None


def short(name):
    return name.rsplit(".", 1)[1]


def value_code(schema, definitions, wanted):
    """Our compact type expression for a property schema; object refs are added to `wanted`."""
    ref = ref_of(schema)
    if ref is not None:
        if ref in SPECIAL_REFS:
            return SPECIAL_REFS[ref]
        if definitions[ref].get("type", "object") != "object":
            die(f"unexpected non-object definition {ref}")
        wanted.append(ref)
        return "@" + short(ref)
    kind = schema.get("type")
    fmt = schema.get("format")
    if kind == "array":
        return "[" + value_code(schema["items"], definitions, wanted)
    if kind == "object":
        extra = schema.get("additionalProperties")
        if not isinstance(extra, dict):
            die(f"object property without additionalProperties: {schema}")
        return "{" + value_code(extra, definitions, wanted)
    if kind == "string":
        return "y" if fmt == "byte" else "s"
    if kind == "boolean":
        return "b"
    if kind == "integer":
        return {"int32": "i", "int64": "l"}.get(fmt) or die(f"integer format {fmt}")
    if kind == "number":
        return "f"
    die(f"unsupported property schema {schema}")


def default_go(code):
    """Go's reflect name our loader derives for a type expression when no override is stored."""
    if code.startswith("["):
        return "[]" + default_go(code[1:])
    if code.startswith("{"):
        return "map[string]" + default_go(code[1:])
    if code.startswith("@"):
        return "v1." + code[1:]
    return DEFAULT_GO[code]


def go_compatible(code, go, go_types, package):
    """Checks that a Go type expression (pointer stripped) fits our value code."""
    if go.startswith("*"):
        go = go[1:]
    named = go_types.underlying(package, go)
    if named is not None:
        return go_compatible(code, named[1], go_types, named[0])
    if code.startswith("["):
        return go.startswith("[]") and go_compatible(code[1:], go[2:], go_types, package)
    if code.startswith("{"):
        if not go.startswith("map["):
            return False
        close = go.index("]")
        return go_compatible(code[1:], go[close + 1 :], go_types, package)
    simple = {"s": ("string",), "b": ("bool",), "i": ("int32",), "l": ("int64",), "f": ("float64",),
              "y": ("[]byte",)}
    if code in simple:
        return go in simple[code]
    special = {"q": "resource.Quantity", "x": "intstr.IntOrString", "t": "Time", "m": "MicroTime",
               "r": "runtime.RawExtension", "v": "FieldsV1"}
    if code in special:
        return go.split(".")[-1] == special[code].split(".")[-1]
    if code.startswith("@"):
        return go.split(".")[-1] == code[1:]
    return False


def escape(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--openapi", action="append", required=True)
    parser.add_argument("--go", action="append", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    definitions = load_openapi(args.openapi)
    go_types = GoTypes()
    # Named types from packages we do not parse.
    go_types.named[("types", "UID")] = "string"
    for item in args.go:
        package, path = item.split("=", 1)
        with open(path) as handle:
            go_types.add(package, handle.read())

    by_gvk = {}
    for name, schema in definitions.items():
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            by_gvk[(gvk["group"], gvk["version"], gvk["kind"])] = name

    kind_types = []
    for gvk in KINDS:
        if gvk not in by_gvk:
            die(f"kind {gvk} not found in the OpenAPI documents")
        kind_types.append((gvk, by_gvk[gvk]))

    # Walk the reachable definitions breadth-first from the kinds, in a stable order.
    order = []
    seen = set()
    pending = [name for _, name in kind_types]
    codes = {}  # definition -> list of (property, code)
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        order.append(name)
        wanted = []
        props = []
        for prop, schema in sorted(definitions[name].get("properties", {}).items()):
            props.append((prop, value_code(schema, definitions, wanted)))
        codes[name] = props
        pending.extend(wanted)

    short_names = {}
    for name in order:
        if short(name) in short_names:
            die(f"short name collision: {name} and {short_names[short(name)]}")
        short_names[short(name)] = name

    # Which descriptions to keep.
    described_fields = set()  # (definition, property)
    described_types = set()
    for gvk, name in kind_types:
        described_types.add(short(name))
        for prop, code in codes[name]:
            described_fields.add((name, prop))
            if prop in ("spec", "status") and code.startswith("@"):
                inner = short_names[code[1:]]
                described_types.add(code[1:])
                for inner_prop, _ in codes[inner]:
                    described_fields.add((inner, inner_prop))
    for type_name in DESCRIBED_TYPES:
        if type_name not in short_names:
            die(f"described type {type_name} is not reachable")
        described_types.add(type_name)
        for prop, _ in codes[short_names[type_name]]:
            described_fields.add((short_names[type_name], prop))

    # A described field's DESCRIPTION also prints the description of the type it refers to.
    for name, prop in sorted(described_fields):
        for inner_prop, code in codes[name]:
            if inner_prop == prop:
                target = code.lstrip("[{")
                if target.startswith("@"):
                    described_types.add(target[1:])
                elif target in SPECIAL_NAMES:
                    described_types.add(SPECIAL_NAMES[target])

    lines = [
        "# Kubernetes API schema for the playground's strict decoder and `kubectl explain`.",
        "# Generated by tools/gen-schema.py; do not edit. Format: see src/sim/schema/mod.rs.",
    ]
    for (group, version, kind), name in kind_types:
        lines.append("\t".join(["K", group, version, kind, short(name)]))
    for code, special_name in sorted(SPECIAL_NAMES.items()):
        ref = [r for r, c in SPECIAL_REFS.items() if c == code][0]
        description = definitions.get(ref, {}).get("description", "")
        if special_name not in described_types:
            description = ""
        lines.append("\t".join(["S", code, escape(description)]).rstrip("\t"))

    problems = []
    for name in order:
        schema = definitions[name]
        type_name = short(name)
        struct_key = go_types.find_struct(type_name)
        if struct_key is None:
            die(f"no (unique) Go struct for {name}")
        go_fields = go_types.json_fields(*struct_key)
        description = schema.get("description", "") if type_name in described_types else ""
        lines.append("\t".join(["T", type_name, escape(description)]).rstrip("\t"))
        required = set(schema.get("required", []))
        props = schema.get("properties", {})
        for prop, code in codes[name]:
            if prop not in go_fields:
                problems.append(f"{name}.{prop}: no Go field")
                continue
            go_type, go_package, embedded_prefix = go_fields[prop]
            if not go_compatible(code, go_type, go_types, go_package):
                problems.append(f"{name}.{prop}: OpenAPI {code} vs Go {go_type}")
            reflect = go_types.reflect_name(go_package, go_type.lstrip("*"))
            underlying = go_types.underlying(go_package, go_type)
            if underlying is not None and (code.startswith("[") or code.startswith("{")):
                # A named slice or map (v1.ResourceList): keep the underlying type for elements.
                reflect = reflect + "~" + go_types.reflect_name(underlying[0], underlying[1])
            override = "" if reflect == default_go(code) else reflect
            flags = "r" if prop in required else ""
            enum = props[prop].get("enum") or []
            enum_text = ",".join('""' if value == "" else str(value) for value in enum)
            if any("," in str(value) for value in enum):
                die(f"{name}.{prop}: enum value with a comma")
            description = props[prop].get("description", "") if (name, prop) in described_fields else ""
            record = ["F", prop, code, flags, override, ".".join(embedded_prefix), enum_text, escape(description)]
            lines.append("\t".join(record).rstrip("\t"))
        extra = sorted(set(go_fields) - set(props))
        for prop in extra:
            problems.append(f"{name}.{prop}: Go field without OpenAPI property")
    if problems:
        die("OpenAPI and Go types disagree:\n  " + "\n  ".join(problems))

    with open(args.out, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print(f"gen-schema: {len(order)} types, {sum(len(c) for c in codes.values())} fields -> {args.out}")


if __name__ == "__main__":
    main()
