// docker/image-not-scanned: CI builds container images but never scans them for vulnerabilities.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "docker/image-not-scanned",
  area: "containers",
  severity: "medium",
  title: "Container images built in CI are not scanned",
  effortMinutes: 30,
  confidence: "heuristic",
  notes: [
    "Scanners recognised: trivy (image), grype/anchore, docker scout, snyk container; repository scans (trivy fs) do not count.",
  ],
  docs: {
    rationale:
      "Base images and OS packages accumulate known vulnerabilities; without a scan in the pipeline nobody notices until an external audit. Building in CI is the natural place to fail on critical CVEs.",
    impact: "Images with known exploitable vulnerabilities are pushed and deployed.",
    fix: "Scan the built image in the same workflow (e.g. aquasecurity/trivy-action with `exit-code: 1` for HIGH/CRITICAL) before pushing.",
    example: {
      language: "yaml",
      bad: "- uses: docker/build-push-action@v6\n  with:\n    push: true",
      good: "- uses: docker/build-push-action@v6\n  with:\n    load: true\n    tags: app:ci\n- uses: aquasecurity/trivy-action@0.28.0\n  with:\n    image-ref: app:ci\n    exit-code: 1\n    severity: CRITICAL,HIGH",
    },
  },
  applies: (facts) =>
    facts.ci?.gates.some((g) => g.kind === "container-build")
      ? true
      : { status: "not-applicable", reason: "CI builds no container image" },
  check({ facts, report }) {
    const builds = facts.ci.gates.filter((g) => g.kind === "container-build");
    if (builds.length === 0 || facts.ci.gates.some((g) => g.kind === "container-scan")) return;
    const first = builds[0]!;
    report({
      path: first.path,
      line: first.line,
      message: `CI builds container images (${builds.length} step${builds.length > 1 ? "s" : ""}) but no step scans them`,
      key: "no-image-scan",
      searched: `container-scan gates (trivy image, grype, docker scout, anchore) in ${[...new Set(facts.ci.workflows.map((w) => w.path))].join(", ")}`,
    });
  },
});
