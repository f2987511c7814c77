import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/empty-catch", () => {
  it("fires on empty catch blocks and empty promise .catch handlers", async () => {
    const findings = await findingsOf("node/empty-catch", {
      "src/cache.ts":
        "export async function put(k: string) {\n  try {\n    await cache.set(k);\n  } catch {}\n  try { a(); } catch (e) {\n  }\n  void send().catch(() => {});\n  try { a(); b(); } catch {}\n}\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [4, "low"],
      [5, "medium"],
      [7, "medium"],
      [8, "medium"],
    ]);
  });

  it("stays silent on handled errors, commented ignores and tests", async () => {
    const findings = await findingsOf("node/empty-catch", {
      "src/ok.ts":
        "try { a(); } catch (e) { log(e); }\ntry { b(); } catch {\n  // optional file: absence is fine\n}\np.catch((e) => log(e));\np.catch(() => undefined);\n",
      "test/x.test.ts": "try { a(); } catch {}\n",
    });
    expect(findings).toEqual([]);
  });
});
