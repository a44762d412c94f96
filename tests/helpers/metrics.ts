import { getMetrics } from "../../app/platform/observability/metrics.server";

/** A counter's current value in the process's registry (0 before its first increment), for before/after comparisons. */
export async function counted(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = getMetrics().registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}
