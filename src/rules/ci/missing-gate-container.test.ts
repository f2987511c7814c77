import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

// Tests a job runs inside a container it built earlier in the job: `docker run IMAGE CMD`, `docker exec`. Each fixture
// has a suite (two test files or more): a single starter test file lowers the gate to medium.
const ui = {
  Dockerfile: "FROM node:20 AS ui\nWORKDIR /app/ui\nCOPY ui/ /app/ui\nRUN npm ci\n",
  "ui/package.json": JSON.stringify({ name: "web-ui", scripts: { "test:ci": "vitest --run" } }),
  "ui/src/app.ts": "export const x = 1;\n",
  "ui/src/app.test.ts": "test('x', () => {});\n",
  "ui/src/form.test.ts": "test('y', () => {});\n",
};
const job = (run: string): string =>
  [
    "on: [push, pull_request]",
    "jobs:",
    "  test-ui:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: docker/build-push-action@v6",
    "        with: { target: ui, tags: acme/ui, load: true }",
    "      - run: |",
    ...run.split("\n").map((line) => `          ${line}`),
    "",
  ].join("\n");
const testGate = (findings: Array<{ message: string; severity: string }>): string[] =>
  findings.filter((f) => f.message.startsWith("No test gate")).map((f) => f.severity);

describe("ci/missing-gate with commands run in a container", () => {
  it("counts `docker run IMAGE CMD` as the job running CMD", async () => {
    expect(
      testGate(
        await findingsOf("ci/missing-gate", {
          ...ui,
          ".github/workflows/test.yml": job("docker run --name test -e CI=1 acme/ui npm run test:ci"),
        }),
      ),
    ).toEqual([]);
  });

  it("still reports a container started with the image's own command (no command of the job)", async () => {
    expect(
      testGate(
        await findingsOf("ci/missing-gate", {
          ...ui,
          ".github/workflows/test.yml": job("docker run -d --name test acme/ui"),
        }),
      ),
    ).toEqual(["high"]);
  });
});

// A project's own wrapper script run in its compose service by its container path, dispatching its first argument
// through an if/elif (or case) chain to a function that runs each test suite through an echo-and-eval helper.
describe("ci/missing-gate with a wrapper script's subcommand run in a compose service", () => {
  const wrapper = (dispatch: string): Record<string, string> => ({
    Dockerfile: "FROM node:20\nWORKDIR /srv/app\nCOPY . /srv/app\nRUN npm ci\n",
    "package.json": JSON.stringify({ name: "site", scripts: { test: "jest" } }),
    "src/app.ts": "export const x = 1;\n",
    "src/app.test.ts": "test('x', () => {});\n",
    "src/form.test.ts": "test('y', () => {});\n",
    "app.sh": [
      "#!/bin/bash",
      'run(){\n  echo "$1"\n  eval "$1"\n}',
      'run_tests(){\n  if [[ -f /.dockerenv ]]; then\n    run "npm run test $*"\n  else\n    docker compose exec web /srv/app/app.sh test\n  fi\n}',
      "start(){\n  docker compose up -d\n}",
      dispatch,
      "",
    ].join("\n"),
    ".github/workflows/test.yml": job(
      "docker compose up -d\ndocker compose exec -T web /srv/app/app.sh test",
    ),
  });

  it('follows `if [[ $1 = "test" ]]` to the function and the command its helper evaluates', async () => {
    const files = wrapper(
      'if [[ $1 = "start" ]]; then\n  start\nelif [[ $1 = "test" ]]; then\n  run_tests "$@"\nfi',
    );
    expect(testGate(await findingsOf("ci/missing-gate", files))).toEqual([]);
  });

  it('follows a `case "$1" in` branch the same way', async () => {
    const files = wrapper('case "$1" in\n  start) start ;;\n  test|check) run_tests ;;\nesac');
    expect(testGate(await findingsOf("ci/missing-gate", files))).toEqual([]);
  });

  it("still reports the gate when the job runs a subcommand with no test branch", async () => {
    const files = wrapper('if [[ $1 = "start" ]]; then\n  start\nelif [[ $1 = "test" ]]; then\n  start\nfi');
    expect(testGate(await findingsOf("ci/missing-gate", files))).toEqual(["high"]);
  });
});

describe("ci/missing-gate with a script that runs every script of a glob in its folder", () => {
  const repo = (loopBody: string): Record<string, string> => ({
    Dockerfile: "FROM golang:1.22 AS api\nWORKDIR /app\nCOPY . /app\nRUN go build ./...\n",
    "go.mod": "module example.com/api\n\ngo 1.22\n",
    "main.go": "package main\n\nfunc main() {}\n",
    "main_test.go": "package main\n",
    "handler_test.go": "package main\n",
    "scripts/test_all.sh": `#!/bin/bash\nset -euo pipefail\n\nfor test in "$(dirname "$0")"/test_*; do\n  if [[ "\${test}" != "\${test%%/test_all.sh}" ]]; then\n    continue\n  fi\n${loopBody}\ndone\n`,
    "scripts/test_api.sh": "#!/bin/bash\ngo test ./...\n",
    ".github/workflows/test.yml": job("docker run --rm acme/ui /app/scripts/test_all.sh"),
  });

  it('follows `for t in "$(dirname "$0")"/test_*; do "$t"; done` to the scripts it runs', async () => {
    expect(
      testGate(await findingsOf("ci/missing-gate", repo('  echo "Running ${test}..."\n  "${test}"'))),
    ).toEqual([]);
  });

  it("still reports the gate when the loop only lists the scripts", async () => {
    expect(testGate(await findingsOf("ci/missing-gate", repo('  echo "found ${test}"')))).toEqual(["high"]);
  });
});
