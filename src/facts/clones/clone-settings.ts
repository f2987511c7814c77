// Copy-paste detection thresholds (config key `duplication`); imported by facts/define, so it imports nothing else.
import type { Language } from "../../model/language.js";

export interface CloneThresholds {
  /** Smallest clone, in tokens. */
  minTokens: number;
  /** Smallest clone, in lines (every copy must span at least this many). */
  minLines: number;
}

export interface CloneSettings extends CloneThresholds {
  /** False: no token streams are made and no clones searched. */
  enabled: boolean;
  /** Per-language thresholds; languages that match each other (JS/TS/JSX/TSX) should share them. */
  languages: Partial<Record<Language, Partial<CloneThresholds>>>;
}

export const DEFAULT_CLONE_SETTINGS: CloneSettings = {
  enabled: true,
  minTokens: 50,
  minLines: 6,
  languages: {},
};
