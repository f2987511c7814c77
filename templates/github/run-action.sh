#!/usr/bin/env bash
# The GitHub Action's one step (action.yml runs it; test/integrations.test.ts runs it the same way): builds the CLI
# from the action's checkout when needed, audits INPUT_PATH, writes the reports, sets the step outputs and exits
# with the audit's code (0 ok, 1 gate failed, 2 error).
set -euo pipefail
action_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
path="${INPUT_PATH:-.}"
format="${INPUT_FORMAT:-md,json,sarif}"
out="${INPUT_OUT:-codeaudit-report}"
args=(audit "$path" --format "$format" --out "$out" --no-color)
if [ -n "${INPUT_FAIL_ON:-}" ]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
if [ -n "${INPUT_BASELINE:-}" ]; then args+=(--baseline "$INPUT_BASELINE"); fi
if [ ! -f "$action_dir/dist/cli/main.js" ]; then
  echo "::group::install codeaudit"
  (cd "$action_dir" && npm ci --no-audit --no-fund)
  echo "::endgroup::"
fi
status=0
node "$action_dir/bin/codeaudit.js" "${args[@]}" || status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$status"
    echo "report-dir=$out"
    case ",$format," in *,sarif,*) echo "sarif-file=$out/audit.sarif" ;; *) echo "sarif-file=" ;; esac
  } >>"$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/AUDIT.md" ]; then
  # The first screen of the report (header and executive summary) on the run's summary page.
  sed -n '1,/^## 1\./p' "$out/AUDIT.md" | head -n 80 >>"$GITHUB_STEP_SUMMARY"
fi
exit "$status"
