import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const workflow = (trigger: string, ref: string): string =>
  [
    `on: ${trigger}`,
    "jobs:",
    "  build:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "        with:",
    `          ref: ${ref}`,
    "      - run: npm ci && npm test",
    "",
  ].join("\n");

describe("ci/pull-request-target-checkout", () => {
  it("fires when pull_request_target checks out the PR head", async () => {
    const findings = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/pr.yml": workflow(
        "pull_request_target",
        "${{ github.event.pull_request.head.sha }}",
      ),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toEqual({ path: ".github/workflows/pr.yml", startLine: 6, endLine: 6 });
    expect(findings[0]?.severity).toBe("high");
    expect(findings[0]?.message).toContain("and then runs it (`npm ci && npm test`, line 9)");
  });

  it("stays silent for pull_request, and for pull_request_target on the base ref", async () => {
    expect(
      await findingsOf("ci/pull-request-target-checkout", {
        ".github/workflows/pr.yml": workflow("pull_request", "${{ github.event.pull_request.head.sha }}"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/pull-request-target-checkout", {
        ".github/workflows/pr.yml": workflow("pull_request_target", "main"),
      }),
    ).toEqual([]);
  });

  const job = (trigger: string, ...steps: string[]): string =>
    [`on: ${trigger}`, "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:", ...steps, ""].join(
      "\n",
    );

  it("is critical when the job runs the checked-out code with secrets, low when it runs nothing", async () => {
    const critical = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/pr.yml": job(
        "pull_request_target",
        "      - uses: actions/checkout@v4",
        "        with:",
        "          ref: ${{ github.event.pull_request.head.sha }}",
        "      - run: make test",
        "        env:",
        "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
      ),
    });
    expect(critical.map((f) => f.severity)).toEqual(["critical"]);
    expect(critical[0]?.message).toContain("secrets (NPM_TOKEN)");
    const low = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/pr.yml": job(
        "pull_request_target",
        "      - uses: actions/checkout@v4",
        "        with:",
        "          ref: ${{ github.event.pull_request.head.sha }}",
        "      - uses: actions/labeler@v5",
      ),
    });
    expect(low.map((f) => f.severity)).toEqual(["low"]);
  });

  it("judges a pull request checked out into a folder of its own by what runs from that folder", async () => {
    const inFolder = (...later: string[]): Promise<Array<{ severity: string; message: string }>> =>
      findingsOf("ci/pull-request-target-checkout", {
        ".github/workflows/pr.yml": job(
          "pull_request_target",
          "      - uses: actions/checkout@v4",
          "        with:",
          "          ref: ${{ github.base_ref }}",
          "          path: base",
          "      - uses: actions/checkout@v4",
          "        with:",
          "          ref: ${{ github.event.pull_request.head.ref }}",
          "          path: pr",
          ...later,
        ),
      });
    // Trusted tooling of the base checkout runs on data copied out of the pull request: real, but not "runs it".
    const copied = await inFolder(
      "      - run: rsync -a pr/locale/ base/locale/",
      "      - working-directory: base",
      "        run: make messages",
      "      - run: cp base/out.json pr/out.json",
    );
    expect(copied.map((f) => f.severity)).toEqual(["medium"]);
    expect(copied[0]?.message).toMatch(
      /into `pr\/`; later steps run code from elsewhere, but files are copied out of `pr\/`/,
    );
    // Only the base checkout's code runs and nothing is copied out: low.
    const apart = await inFolder("      - working-directory: base", "        run: make messages");
    expect(apart.map((f) => f.severity)).toEqual(["low"]);
    // A step working in the pull request's folder runs its code: high.
    const runs = await inFolder("      - working-directory: pr", "        run: make test");
    expect(runs.map((f) => f.severity)).toEqual(["high"]);
    const named = await inFolder("      - run: cd pr && npm ci");
    expect(named.map((f) => f.severity)).toEqual(["high"]);
  });

  it("covers workflow_run checking out the triggering run's head", async () => {
    const findings = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/after.yml": job(
        "workflow_run",
        "      - uses: actions/checkout@v4",
        "        with:",
        "          ref: ${{ github.event.workflow_run.head_sha }}",
        "      - run: npm ci && npm run build",
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[6, "high"]]);
  });

  it("reports untrusted text pasted into a shell, not the same text passed through env", async () => {
    const injected = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/pr.yml": job(
        "pull_request_target",
        '      - run: echo "${{ github.event.pull_request.title }}" | ./check-title',
        "        env:",
        "          TOKEN: ${{ secrets.BOT_TOKEN }}",
      ),
    });
    expect(injected.map((f) => [f.location?.startLine, f.severity])).toEqual([[6, "high"]]);
    const viaEnv = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/pr.yml": job(
        "pull_request_target",
        '      - run: echo "$TITLE" | ./check-title',
        "        env:",
        "          TITLE: ${{ github.event.pull_request.title }}",
      ),
    });
    expect(viaEnv).toEqual([]);
    const medium = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/pr.yml": job("pull_request_target", '      - run: echo "${{ github.head_ref }}"'),
    });
    expect(medium.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("is medium when nothing runs the checked-out code but secrets are in the job", async () => {
    const findings = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/pr.yml": [
        "on: pull_request_target",
        "jobs:",
        "  build:",
        "    runs-on: ubuntu-latest",
        "    env:",
        "      TOKEN: ${{ secrets.BOT_TOKEN }}",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "        with:",
        "          ref: ${{ github.event.pull_request.head.sha }}",
        "      - uses: some/commenter@v1",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("stays silent when the job's condition admits only runs that are not fork pull requests", async () => {
    const guarded = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/after.yml": [
        "on:",
        "  workflow_run:",
        "    workflows: [ci]",
        "jobs:",
        "  image:",
        "    if: github.event.workflow_run.conclusion == 'success' && github.event.workflow_run.event != 'pull_request'",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "        with:",
        "          ref: ${{ github.event.workflow_run.head_sha }}",
        "      - run: sudo rm -rf /usr/share/dotnet",
        "      - run: docker build .",
        "        env:",
        "          TOKEN: ${{ secrets.REGISTRY_TOKEN }}",
        "",
      ].join("\n"),
    });
    expect(guarded).toEqual([]);
  });
});
