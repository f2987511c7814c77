import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

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
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "4:low",
      "8:low",
      "12:low",
    ]);
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

  it("patches a handling bare except to except Exception; the finding is gone after it", async () => {
    const source = [
      "def a():",
      "    try:",
      "        work()",
      "    except:",
      "        log()",
      "    try:",
      "        work()",
      "    except :  # anything",
      "        cleanup()",
      "",
    ].join("\n");
    const check = await checkPatches(ID, { "app/jobs.py": source });
    expect(check.findings.map((f) => f.patch !== null)).toEqual([true, true]);
    expect(check.texts["app/jobs.py"]).toBe(
      source
        .replace("    except:\n", "    except Exception:\n")
        .replace("except :  #", "except Exception:  #"),
    );
    expect(check.remaining).toEqual([]);
  });

  it("withholds the patch when the bare except only passes (except Exception: pass would swallow too)", async () => {
    const check = await checkPatches(ID, { "app/jobs.py": "try:\n    work()\nexcept:\n    pass\n" });
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]?.patch).toBeNull();
  });

  it("is low in a bundled copy of another project's code, medium under the project's own copyright header", async () => {
    const body =
      "\nwhile True:\n    try:\n        import fast\n    except:\n        warn('no fast module')\n";
    const findings = await findingsOf(ID, {
      "mail/DNS/Base.py": '"""\n$Id: Base.py,v 1.12.2.19 2011/11/23 17:14:11 someone Exp $\n"""' + body,
      "mail/spf.py": '"""SPF.\n\nIt may be redistributed under the same terms as Python itself.\n"""' + body,
      "app/jobs.py":
        "# Copyright (C) 2008 Jane Doe <jane@example.org>\n# SPDX-License-Identifier: GPL-2.0-or-later" +
        body,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`).sort()).toEqual([
      "app/jobs.py:medium",
      "mail/DNS/Base.py:low",
      "mail/spf.py:low",
    ]);
    expect(findings.find((f) => f.severity === "low")?.message).toContain("bundled copy");
  });
  it("is low for a fallback, a handler that does work or one marked deliberate; medium only when a while loop runs on (near miss)", async () => {
    const source = [
      "def parse(items):",
      "    for item in items:",
      "        try:",
      "            size = int(item)",
      "        except:",
      "            size = None",
      "        try:",
      "            date = parse_date(item)",
      "        except:  # pylint: disable=bare-except",
      "            log(item)",
      "        try:",
      "            send(item)",
      "        except:",
      "            log(item)",
      "def worker():",
      "    while True:",
      "        try:",
      "            job = queue.get()",
      "        except:",
      "            continue",
      "def poll():",
      "    while True:",
      "        try:",
      "            job = queue.get()",
      "        except:",
      "            raise ValidationError('queue failed')",
      "",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/parse.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "5:low",
      "9:low",
      "13:low",
      "19:medium",
      "25:low",
    ]);
    expect(findings[0]?.message).toContain("only falls back");
    expect(findings[1]?.message).toContain("linter suppression");
  });
});
