import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

describe("observability facts", () => {
  it("finds signals from dependencies and code, and services from frameworks or listeners", async () => {
    const { facts } = await analyseFiles({
      "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/prometheus/client_golang v1.19.0\n",
      "main.go":
        'package main\n\nimport (\n\t"log/slog"\n\t"net/http"\n)\n\nfunc main() {\n\thttp.HandleFunc("/healthz", nil)\n\t_ = slog.Default()\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    });
    expect(facts.observability.signals.map((s) => `${s.kind}:${s.via}@${s.path}:${s.line}`)).toEqual([
      "health-endpoint:health route@main.go:9",
      "metrics:github.com/prometheus/client_golang@go.mod:5",
      "structured-logging:log/slog@main.go:4",
    ]);
    expect(facts.observability.services.map((s) => `${s.name}:${s.evidence.via}`)).toEqual([
      "example.com/svc:server listener",
    ]);
  });
});
