import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/bare-except";

describe(ID, () => {
  it("fires on bare except and on except Exception: pass / ...", async () => {
    const source = [
      "def a():",
      "    try:",
      "        work()",
      "    except:",
      "        log()",
      "    try:",
      "        work()",
      "    except Exception:",
      "        pass",
      "    try:",
      "        work()",
      "    except BaseException as e:",
      "        ...",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/jobs.py": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([4, 8, 12]);
  });

  it("stays silent on re-raising bare except, handled Exception, specific exceptions and tests", async () => {
    const source = [
      "def a():",
      "    try:",
      "        work()",
      "    except:",
      "        rollback()",
      "        raise",
      "    try:",
      "        work()",
      "    except Exception:",
      "        log.exception('failed')",
      "    try:",
      "        work()",
      "    except (KeyError, ValueError):",
      "        pass",
    ].join("\n");
    expect(
      await findingsOf(ID, {
        "app/jobs.py": source,
        "tests/test_jobs.py": "try:\n    x()\nexcept:\n    pass\n",
      }),
    ).toEqual([]);
  });
});
