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
    "Scanners recognised: trivy (image), grype/anchore, docker scout, snyk container; repository scans (trivy fs) do not count. A scan that only reports (continue-on-error, a SARIF upload) counts: the image is scanned.",
    "Medium when CI pushes the images it builds and no update bot (Dependabot/Renovate with docker) refreshes their base images; low for images built only to test, or kept fresh by a bot.",
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
    // A scan that only reports (continue-on-error, exit-code 0 with a SARIF upload) still scans the image.
    const scans = [...facts.ci.gates, ...facts.ci.warnOnlyGates].filter((g) => g.kind === "container-scan");
    if (builds.length === 0 || scans.length > 0) return;
    const pushes = [...facts.ci.gates, ...facts.ci.warnOnlyGates].filter((g) => g.kind === "container-push");
    const bot = facts.ci.updateBots.find(
      (b) => b.ecosystems.includes("*") || b.ecosystems.includes("docker"),
    );
    const first = pushes[0] ?? builds[0]!;
    report({
      path: first.path,
      line: first.line,
      severity: pushes.length > 0 && !bot ? "medium" : "low",
      message: `CI builds container images (${builds.length} step${builds.length > 1 ? "s" : ""}${pushes.length > 0 ? `, pushed at ${pushes[0]!.path}:${pushes[0]!.line}` : ", not pushed"}) but no step scans them${bot ? ` (${bot.tool} updates the base images)` : ""}`,
      key: "no-image-scan",
      searched: `container-scan gates (trivy image, grype, docker scout, anchore) in ${[...new Set(facts.ci.workflows.map((w) => w.path))].join(", ")}`,
    });
  },
});
