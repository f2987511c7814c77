// The dashboard's stylesheet, shared by audit.html and delta.html: light and dark (prefers-color-scheme), print.

export const STYLES = `
:root{--fg:#1d2330;--muted:#5c677d;--bg:#fff;--panel:#f6f7f9;--line:#e5e7eb;--code:#f0f1f4;--link:#1d4ed8;
--critical:#b00020;--high:#d9480f;--medium:#b7791f;--low:#2563eb;--info:#6b7280;
--band-a:#2a9d8f;--band-b:#7cb518;--band-c:#e9b400;--band-d:#f08c00;--band-f:#d62828;--pass:#2a9d8f;--fail:#d62828;--na:#9ca3af}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8ee;--muted:#9aa3b5;--bg:#12151c;--panel:#1b2029;--line:#2c3340;--code:#232a35;
--link:#8ab4ff;--critical:#ff5c7a;--high:#ff8a50;--medium:#f2c14e;--low:#7aa7ff;--info:#a0a7b4}}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1180px;padding:24px;color:var(--fg);background:var(--bg)}
a{color:var(--link)}h1{margin:0}h2{margin-top:28px}.meta{color:var(--muted)}
code,pre{background:var(--code);border-radius:4px;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
code{padding:0 3px}pre{padding:8px;overflow:auto;max-height:320px;white-space:pre}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}.nowrap{white-space:nowrap}
section{border-top:1px solid var(--line);margin-top:24px}
.headline{display:flex;gap:24px;align-items:center;flex-wrap:wrap;margin:12px 0}
.grade{font-size:48px;font-weight:700;line-height:1;padding:8px 16px;border-radius:8px;color:#fff}
.counts{display:flex;gap:8px;flex-wrap:wrap}.count{padding:4px 10px;border-radius:6px;background:var(--panel)}
.band-a{background:var(--band-a)}.band-b{background:var(--band-b)}.band-c{background:var(--band-c)}.band-d{background:var(--band-d)}.band-f{background:var(--band-f)}
.fill-a{fill:var(--band-a)}.fill-b{fill:var(--band-b)}.fill-c{fill:var(--band-c)}.fill-d{fill:var(--band-d)}.fill-f{fill:var(--band-f)}
.legend{display:flex;gap:12px;flex-wrap:wrap;font-size:12px;color:var(--muted)}.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-2px}
.sev{color:#fff;border-radius:3px;padding:1px 6px;font-size:12px;white-space:nowrap}
.sev-medium,.band-c,.band-d{color:#1d2330}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.stroke-critical{stroke:var(--critical)}.stroke-high{stroke:var(--high)}.stroke-medium{stroke:var(--medium)}.stroke-low{stroke:var(--low)}.stroke-info{stroke:var(--info)}
.gate-PASS{background:var(--pass)}.gate-FAIL{background:var(--fail)}.gate-NA{background:var(--na)}
.status{border:1px solid var(--line);border-radius:4px;padding:1px 6px;font-size:12px;color:var(--muted)}
svg text{fill:var(--fg);font-size:12px}svg .axis{stroke:var(--line)}svg .track{fill:var(--line)}
nav.toc{background:var(--panel);border-radius:8px;padding:8px 16px}nav.toc ol{columns:3;margin:0}
.controls{position:sticky;top:0;z-index:2;background:var(--bg);padding:8px 0;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:8px;align-items:end}
.controls label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
.controls select,.controls input{font:inherit;color:var(--fg);background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:3px 6px;min-width:110px}
.controls select[multiple]{height:5.6em}
.pager{display:flex;gap:8px;align-items:center;margin:8px 0}.pager button,.controls button{font:inherit;color:var(--fg);background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:3px 10px;cursor:pointer}
.finding{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:8px 0;scroll-margin-top:180px}
.finding:target,.finding.focus{outline:2px solid var(--link)}
.finding header{display:flex;gap:8px;flex-wrap:wrap;align-items:baseline}.finding .where{color:var(--muted)}
.finding details{margin-top:4px}.finding summary{cursor:pointer;color:var(--muted)}
.chip{background:var(--panel);border-radius:10px;padding:0 8px;font-size:12px}
.none{color:var(--pass)}.note{color:var(--muted);font-size:12px}
@media print{
.controls,.pager,nav.toc,noscript{display:none!important}
body{max-width:none;padding:0;color:#000;background:#fff}
.finding{break-inside:avoid}pre{max-height:none;white-space:pre-wrap}
a{color:inherit;text-decoration:none}
}
`;
