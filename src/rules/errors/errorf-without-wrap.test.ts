import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

const ID = "go/errorf-without-wrap";
const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe(ID, () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf(ID, {
      "internal/app/app.go": pkg(
        `"fmt"`,
        'func f(id int, err error) error {\n\treturn fmt.Errorf("load %d: %v", id, err)\n}',
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([8]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf(ID, {
        "internal/app/app.go": pkg(
          `"fmt"`,
          'func f(id int, err error, name string) error {\n\t_ = fmt.Errorf("load %d: %w", id, err)\n\t_ = fmt.Errorf("user %s not found", name)\n\treturn fmt.Errorf("load %v: %w", id, err)\n}',
        ),
      }),
    ).toEqual([]);
  });

  it("stays silent where the error-like name certainly holds something else", async () => {
    const source = pkg(
      `"fmt"`,
      [
        "func f() (err error) {",
        '\terrText := fmt.Sprintf("code %d", 3)',
        "\tdefer func() {",
        "\t\tif e := recover(); e != nil {",
        '\t\t\terr = fmt.Errorf("panic: %v (%s)", e, errText)',
        "\t\t}",
        "\t}()",
        "\treturn nil",
        "}",
      ].join("\n"),
    );
    expect(await findingsOf(ID, { "internal/app/app.go": source })).toEqual([]);
  });

  it("patches every certain call of the file in one diff; the finding is gone after it", async () => {
    const source = pkg(
      `"fmt"`,
      [
        "func f(id int, err error, e error) error {",
        '\t_ = fmt.Errorf("load %d (100%%): %v", id, err)',
        "\tv, readErr := read()",
        "\t_ = fmt.Errorf(`read %v: %s`, v, readErr)",
        "\tswitch err := value().(type) {",
        "\tcase error:",
        '\t\t_ = fmt.Errorf("typed: %v", err)',
        "\t}",
        '\treturn fmt.Errorf("cause: %v", e)',
        "}",
      ].join("\n"),
    );
    const check = await checkPatches(ID, { "internal/app/app.go": source });
    expect(check.findings).toHaveLength(1);
    expect(check.texts["internal/app/app.go"]).toBe(
      source
        .replace("(100%%): %v", "(100%%): %w")
        .replace("read %v: %s", "read %v: %w")
        .replace("typed: %v", "typed: %w")
        .replace('"cause: %v"', '"cause: %w"'),
    );
    expect(check.remaining).toEqual([]);
  });

  it("withholds the patch when the error argument or its verb is uncertain", async () => {
    const source = pkg(
      `"fmt"`,
      [
        "func f(id int, err error, errMsg string) error {",
        '\t_ = fmt.Errorf("load %d: %+v", id, err)', // a flag: %+v may be meant for a stack trace
        '\t_ = fmt.Errorf("load %[2]v: %[1]v", err, id)', // explicit argument indexes
        '\t_ = fmt.Errorf("load %*d: %v", 3, id, err)', // a `*` width consumes an argument
        '\t_ = fmt.Errorf("%v then %v", err, err)', // two errors: which one is the cause?
        '\t_ = fmt.Errorf("msg: %s", errMsg)', // named like an error, declared a string
        "\tfooErr := lookup()",
        '\t_ = fmt.Errorf("lookup: %v", fooErr)', // a single-value call: its result type is unknown
        "\tdefer func() {",
        "\t\tif err := recover(); err != nil {",
        '\t\t\t_ = fmt.Errorf("panic: %v", err)', // recover() gives any value, not an error
        "\t\t}",
        "\t}()",
        "\tswitch err := value().(type) {",
        "\tdefault:",
        '\t\treturn fmt.Errorf("unexpected: %v", err)', // a type-switch branch other than `case error:`
        "\t}",
        "}",
      ].join("\n"),
    );
    const check = await checkPatches(ID, { "internal/app/app.go": source });
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]?.patch).toBeNull();
  });
});
