// The trend section: grade score over runs and findings by severity, drawn from the view model's coordinates.
import { escapeHtml as e } from "./escape.js";
import type { TrendChart } from "./view-model.js";

export function trendSection(chart: TrendChart | null): string {
  if (!chart) return "";
  const axis = (ticks: TrendChart["scoreTicks"]): string =>
    ticks
      .map(
        (t) =>
          `<line class="axis" x1="${chart.xs[0]}" x2="${chart.xs[chart.xs.length - 1]}" y1="${t.y}" y2="${t.y}"/><text x="4" y="${t.y + 4}">${e(t.label)}</text>`,
      )
      .join("");
  const dots = chart.scoreDots
    .map(
      (d) =>
        `<circle class="fill-${d.band}" cx="${d.x}" cy="${d.y}" r="4"><title>${e(`${d.grade} ${d.score}`)}</title></circle>`,
    )
    .join("");
  const counts = chart.countLines
    .map(
      (line) =>
        `<polyline class="stroke-${line.severity}" fill="none" stroke-width="2" points="${line.points}"><title>${line.severity}: ${line.last} now</title></polyline>`,
    )
    .join("");
  const step = Math.max(1, Math.ceil(chart.labels.length / 6));
  const labels = chart.labels
    .map((label, i) =>
      i % step === 0 || i === chart.labels.length - 1
        ? `<text x="${chart.xs[i]}" y="${chart.height - 8}" text-anchor="middle">${e(label)}</text>`
        : "",
    )
    .join("");
  const legend = chart.countLines
    .map((line) => `<span><i class="sev-${line.severity}"></i>${line.severity} (${line.last})</span>`)
    .join("");
  return `<section id="trend"><h2>Trend</h2>
<svg role="img" aria-label="grade score and findings by severity over ${chart.xs.length} runs" width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}">
<text x="${chart.xs[0]}" y="10">score</text>${axis(chart.scoreTicks)}<polyline fill="none" stroke="currentColor" stroke-width="2" points="${chart.scorePoints}"/>${dots}
<text x="${chart.xs[0]}" y="${chart.countsTop - 6}">findings by severity</text>${axis(chart.countTicks)}${counts}${labels}</svg>
<div class="legend">${legend}</div></section>`;
}
