import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

const GO_MOD = [
  "module example.com/svc",
  "",
  "go 1.22",
  "",
  "require github.com/prometheus/client_golang v1.19.0",
  "",
  "require (",
  "\tgo.opentelemetry.io/otel v1.36.0 // indirect",
  "\tgo.opentelemetry.io/otel/trace v1.36.0 // indirect",
  ")",
  "",
].join("\n");

describe("go.mod requirements", () => {
  it("declares direct requirements only; `// indirect` ones are locked, not used by the code", async () => {
    const { facts } = await analyseFiles({ "go.mod": GO_MOD });
    expect(facts.go.dependencies.declared.map((d) => d.name)).toEqual([
      "github.com/prometheus/client_golang",
    ]);
    expect(facts.go.dependencies.locked.filter((p) => p.direct === false).map((p) => p.name)).toEqual([
      "go.opentelemetry.io/otel",
      "go.opentelemetry.io/otel/trace",
    ]);
  });

  it("gives no tracing signal from an indirect OpenTelemetry requirement, but keeps a direct one", async () => {
    const { facts } = await analyseFiles({ "go.mod": GO_MOD });
    expect(facts.observability.signals.map((s) => `${s.kind}:${s.via}`)).toEqual([
      "metrics:github.com/prometheus/client_golang",
    ]);
    const direct = await analyseFiles({
      "go.mod": GO_MOD.replace(
        "go.opentelemetry.io/otel v1.36.0 // indirect",
        "go.opentelemetry.io/otel v1.36.0",
      ),
    });
    expect(direct.facts.observability.signals.map((s) => `${s.kind}:${s.via}`)).toContain(
      "tracing:go.opentelemetry.io/otel",
    );
  });
});
