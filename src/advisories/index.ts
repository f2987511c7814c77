// The offline advisory database: import OSV data, load the local store, match locked packages.
export { defaultAdvisoryDir, importAdvisories, loadAdvisoryStore, cvss3BaseScore } from "./store.js";
export type { AdvisoryStore, StoreMeta, StoredAdvisory, StoredAffected } from "./store.js";
export { matchAdvisories, isAffected, type AdvisoryMatch } from "./match.js";
export { comparatorFor, normalisePackageName } from "./versions.js";
