import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const goMod = "module example.com/app\n\ngo 1.22\n";

describe("go/undefined-identifier", () => {
  it("fires on a name no scope of the package declares, and on pkg.Name missing from an in-repo package", async () => {
    const findings = await findingsOf("go/undefined-identifier", {
      "go.mod": goMod,
      "engine/engine.go": [
        "package engine",
        "",
        'import "example.com/app/store"',
        "",
        "func Start() error {",
        "\tm := NewDreamManager()",
        "\t_ = m",
        "\treturn store.ErrGone",
        "}",
      ].join("\n"),
      "store/store.go": 'package store\n\nimport "errors"\n\nvar ErrGone2 = errors.New("gone")\n',
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "engine/engine.go:6 high",
      "engine/engine.go:8 high",
    ]);
    expect(findings[0]?.message).toContain("`NewDreamManager` is undefined");
    expect(findings[1]?.message).toContain("`store.ErrGone` is undefined");
    expect(findings[1]?.message).toContain("Did you mean `ErrGone2`?");
    expect(findings[0]?.evidence.searched).toContain("package-level declarations");
  });

  it("stays silent on names declared in another file or build variant, locals, fields, labels and keys", async () => {
    const findings = await findingsOf("go/undefined-identifier", {
      "go.mod": goMod,
      "engine/engine.go": [
        "package engine",
        "",
        'import "fmt"',
        "",
        "type Engine struct{ name string; Retries int }",
        "",
        "func (e *Engine) Run(items []string) (count int, err error) {",
        "\tcfg := Engine{name: platform(), Retries: 3}",
        "outer:",
        "\tfor i, item := range items {",
        "\t\tswitch v := any(item).(type) {",
        "\t\tcase string:",
        "\t\t\tfmt.Println(i, v, cfg.name)",
        "\t\t\tbreak outer",
        "\t\t}",
        "\t}",
        "\treturn len(items), nil",
        "}",
      ].join("\n"),
      "engine/platform_linux.go":
        '//go:build linux\n\npackage engine\n\nfunc platform() string { return "linux" }\n',
    });
    expect(findings).toEqual([]);
  });

  it("leaves undecided the names of a package whose go:generate output is not committed, and fires once it is", async () => {
    const test = (directive: string) =>
      [
        "package monitoring",
        "",
        'import "testing"',
        "",
        directive,
        "",
        "func TestWatch(t *testing.T) {",
        "\tm := NewMockMonitor(t)",
        "\t_ = m",
        "}",
      ].join("\n");
    const findings = await findingsOf("go/undefined-identifier", {
      "go.mod": goMod,
      "monitoring/watch_test.go": test(
        "//go:generate mockgen -package monitoring -destination ./mock_interfaces.go -source=./interfaces.go",
      ),
      "monitoring/interfaces.go": "package monitoring\n\ntype Monitor interface{ Watch() }\n",
      "stats/watch_test.go": test(
        "//go:generate mockgen -destination=./mock_stats.go -source=./stats.go",
      ).replace("package monitoring", "package stats"),
      "stats/mock_stats.go": "package stats\n\nfunc NewMockOther() {}\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "stats/watch_test.go:8",
    ]);
  });

  it("lowers severity in tests, whose package alone fails to build", async () => {
    const findings = await findingsOf("go/undefined-identifier", {
      "go.mod": goMod,
      "engine/engine_test.go":
        'package engine\n\nimport "testing"\n\nfunc TestX(t *testing.T) { helperGone(t) }\n',
    });
    expect(findings.map((f) => f.severity)).toEqual(["medium"]);
  });
  it("declares the type parameters of a generic function whose first constraint is a pointer (`[P *S, S any]`)", async () => {
    const findings = await findingsOf("go/undefined-identifier", {
      "go.mod": goMod,
      "db/config.go": [
        "package db",
        "",
        'import "reflect"',
        "",
        "func AssignMapToStruct[P *S, S any](m map[string]any, s P) error {",
        "\t_ = reflect.ValueOf(s).Elem()",
        "\treturn nil",
        "}",
        "",
        "type Grid [Size * 2]int",
        "",
        "func Cells() Grid { return Grid{} }",
      ].join("\n"),
    });
    // Size is an array length (no comma in the brackets of a type), so it stays a use and is undefined.
    expect(
      findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.message.split(":")[0]}`),
    ).toEqual(["db/config.go:10 `Size` is undefined"]);
  });

  it("leaves undecided a qualifier when an outside import's last element cannot be a package name (`.../go`)", async () => {
    const files = (path: string): Record<string, string> => ({
      "go.mod": goMod,
      "metrics/prom.go": [
        "package metrics",
        "",
        "import (",
        '\t"fmt"',
        "",
        `\t"${path}"`,
        ")",
        "",
        "func Describe(family *io_prometheus_client.MetricFamily) string {",
        "\treturn fmt.Sprint(family.GetName())",
        "}",
      ].join("\n"),
    });
    expect(
      await findingsOf("go/undefined-identifier", files("github.com/prometheus/client_model/go")),
    ).toEqual([]);
    // A path whose last element can be the name gives it: the qualifier is then undefined.
    const named = await findingsOf(
      "go/undefined-identifier",
      files("github.com/prometheus/client_model/model"),
    );
    expect(named.map((f) => f.message.split(":")[0])).toEqual(["`io_prometheus_client` is undefined"]);
  });
});
