// Analysis diagnostics: what could not be read, parsed or checked, and why (SPEC §5 "what was not analysed").

export type DiagnosticKind =
  | "skipped-binary"
  | "skipped-huge"
  | "skipped-minified"
  | "skipped-generated"
  | "skipped-vendored"
  | "skipped-symlink"
  /** A file of the enclosing repository, read for facts only when a subfolder is audited; never reported. */
  | "skipped-context"
  | "invalid-encoding"
  | "parse-error"
  | "invalid-config"
  | "grammar-missing"
  | "rule-error"
  | "data-absent"
  | "git"
  | "io-error";

export interface Diagnostic {
  kind: DiagnosticKind;
  /** Repository-relative path when the diagnostic is about one file. */
  path: string | null;
  message: string;
}
