// Formatting of model values shared by the scorer's prose and every renderer.

export function formatEffort(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = minutes / 60;
  if (hours < 8) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 8) * 10) / 10} days`;
}
