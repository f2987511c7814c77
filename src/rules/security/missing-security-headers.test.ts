import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/missing-security-headers";

describe(ID, () => {
  it("fires once for a Flask app that sets no security headers", async () => {
    const findings = await findingsOf(ID, {
      "app/main.py":
        'from flask import Flask\n\napp = Flask(__name__)\n\n@app.get("/")\ndef index():\n    return "ok"\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toBeNull();
    expect(findings[0]?.message).toContain("app/main.py:3");
    expect(findings[0]?.evidence.searched).toContain("Content-Security-Policy");
  });

  it("stays silent when Talisman, helmet or a literal CSP header is present", async () => {
    expect(
      await findingsOf(ID, {
        "app/main.py":
          "from flask import Flask\nfrom flask_talisman import Talisman\napp = Flask(__name__)\nTalisman(app)\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf(ID, {
        "cmd/api/main.go":
          'package main\nfunc main() {\n\thttp.ListenAndServe(":8080", h)\n}\nfunc sec(w http.ResponseWriter) { w.Header().Set("Content-Security-Policy", "default-src \'self\'") }\n',
      }),
    ).toEqual([]);
    expect(await findingsOf(ID, { "app/util.py": "def f():\n    return 1\n" })).toEqual([]);
  });
});
