// Small numeric helpers for the report.

/** The median of the numbers (mean of the middle two for an even count); NaN when empty. */
export function median(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Medians of every numeric field over several runs. */
export function medians(runs, fields) {
  return Object.fromEntries(fields.map((f) => [f, median(runs.map((r) => r[f]))]));
}

/** A number for a table: fixed decimals, or "–" when unknown. */
export function fmt(value, decimals = 0) {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(decimals) : "–";
}
