// Lowers a settings finding (SECRET_KEY, DEBUG in a base settings module) that every deployment replaces: the
// python facts' settingsOverrides (facts/python/settings-modules.ts) say which module and line replace it.
import type { SettingsOverride } from "../../facts/python/settings-modules.js";
import type { ReportedFinding } from "../define-rule.js";

/** The finding as low with the reason appended, when `name` at its path is replaced in every deployment. */
export function lowerOverriddenSetting(
  finding: ReportedFinding,
  name: SettingsOverride["name"],
  overrides: readonly SettingsOverride[],
): ReportedFinding {
  const path = finding.location?.path;
  if (!path || finding.severity === "low") return finding;
  const override = overrides.find((o) => o.path === path && o.name === name);
  if (!override) return finding;
  const why =
    override.how === "required-local-settings"
      ? `; replaced by a required import at line ${override.by.line}, of a file the deployment writes from ${override.via[0]}, which sets ${name}`
      : `; every deployed settings module (${override.via.join(", ")}) assigns ${name} again (${override.by.path}:${override.by.line})`;
  return { ...finding, severity: "low", message: `${finding.message}${why}` };
}
