import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

const ID = "python/unsafe-deserialization";

describe(ID, () => {
  it("stays silent on a local yaml that shadows PyYAML (ruamel round-trip loader), fires on imported PyYAML", async () => {
    const findings = await findingsOf("python/unsafe-deserialization", {
      "app/content.py": [
        "from ruamel import yaml as ruamel_yaml",
        "import yaml as pyyaml",
        "def rewrite(old_string):",
        "    yaml = ruamel_yaml.YAML(typ='rt')",
        "    data = yaml.load(old_string)",
        "    return pyyaml.load(old_string)",
      ].join("\n"),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([6]);
  });

  it("fires on pickle.loads, aliased pickle and yaml.load without a safe loader", async () => {
    const source = [
      "import pickle as pk",
      "import yaml",
      "from yaml import Loader",
      "def a(blob, stream):",
      "    job = pk.loads(blob)",
      "    cfg = yaml.load(stream)",
      "    cfg2 = yaml.load(stream, Loader=Loader)",
    ].join("\n");
    const check = await checkPatches(ID, { "app/jobs.py": source });
    expect(check.findings.map((f) => f.location?.startLine)).toEqual([5, 6, 7]);
    // Only the loader-less yaml.load has a mechanical fix; after it, the two others remain.
    expect(check.findings.map((f) => f.patch !== null)).toEqual([false, true, false]);
    expect(check.findings[1]?.patch).toContain(
      "-    cfg = yaml.load(stream)\n+    cfg = yaml.safe_load(stream)\n",
    );
    expect(check.remaining.map((f) => f.location?.startLine)).toEqual([5, 7]);
  });

  it("is medium with FullLoader (no constructor calls since PyYAML 5.4), high with Loader or UnsafeLoader", async () => {
    const source = [
      "import yaml",
      "from yaml import FullLoader",
      "def a(stream):",
      "    yaml.load(stream, Loader=yaml.FullLoader)",
      "    yaml.load(stream, FullLoader)",
      "    yaml.load(stream, Loader=yaml.UnsafeLoader)",
      "    yaml.load(stream, Loader=yaml.Loader)",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/forms.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "4:medium",
      "5:medium",
      "6:high",
      "7:high",
    ]);
    expect(findings[0]?.message).toContain("PyYAML 5.4");
  });

  it("is medium in scripts and tools, where the input is usually the developer's own file", async () => {
    const findings = await findingsOf(ID, {
      "scripts/restore.py":
        "import pickle\n\ndef restore(path):\n    with open(path, 'rb') as f:\n        return pickle.load(f)\n",
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["scripts/restore.py", "medium"]]);
  });

  it("stays silent on safe loaders, json and unrelated loads methods", async () => {
    const source = [
      "import json, yaml",
      "def a(blob, stream, cache):",
      "    json.loads(blob)",
      "    yaml.safe_load(stream)",
      "    yaml.load(stream, Loader=yaml.SafeLoader)",
      "    yaml.load(stream, yaml.CSafeLoader)",
      "    cache.loads(blob)",
    ].join("\n");
    expect(await findingsOf(ID, { "app/jobs.py": source })).toEqual([]);
  });

  it("is silent after an HMAC check, low for bytes from the application's cache", async () => {
    const source = [
      "import hmac, pickle",
      "from hashlib import sha256",
      "def signed_loads(payload, key):",
      "    signature, data = payload[:32], payload[32:]",
      "    if not hmac.compare_digest(signature, hmac.new(key, data, sha256).digest()):",
      "        raise ValueError('tampered')",
      "    return pickle.loads(data)",
      "def cached(read_cache, key):",
      "    serialized = read_cache.get(key)",
      "    return pickle.loads(serialized) if serialized else None",
      "def upload(request):",
      "    return pickle.loads(request.body)",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/jobs.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["10:low", "12:high"]);
  });
  it("is low in a cache class that unpickles what it pickled itself, high in a class that only loads (near miss)", async () => {
    const findings = await findingsOf(ID, {
      "app/cache.py": [
        "import pickle",
        "class ExpireCache:",
        "    def serialize(self, value):",
        "        return pickle.dumps(value)",
        "    def deserialize(self, value):",
        "        return pickle.loads(value)",
        "",
      ].join("\n"),
      "app/importer.py": [
        "import pickle",
        "class Importer:",
        "    def serialize(self, value):",
        "        return pickle.dumps(value)",
        "    def deserialize(self, value):",
        "        return pickle.loads(value)",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["app/cache.py", "low"],
      ["app/importer.py", "high"],
    ]);
    expect(findings[0]?.message).toContain("the values ExpireCache pickled itself");
  });
});
