// The shared data model: every stage and every renderer speaks these types.
export * from "./areas.js";
export * from "./audit.js";
export * from "./diagnostic.js";
export * from "./finding.js";
export * from "./severity.js";
export * from "./language.js";
export * from "./format.js";
export * from "./trend.js";
