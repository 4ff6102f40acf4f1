/** Options of {@link warmupCosine}. */
export interface ScheduleOptions {
  /** Peak learning rate. */
  lr: number;
  /** Linear warm-up steps from 0 to `lr`. */
  warmupSteps: number;
  /** Total steps; the cosine decays to `minLr` at this step. */
  totalSteps: number;
  /** Floor of the decay. Default `lr / 10`. */
  minLr?: number;
}

/** Learning rate at `step` (0-based): linear warm-up then cosine decay. */
export function warmupCosine(step: number, o: ScheduleOptions): number {
  const minLr = o.minLr ?? o.lr / 10;
  if (o.warmupSteps > 0 && step < o.warmupSteps) return (o.lr * (step + 1)) / o.warmupSteps;
  const span = Math.max(1, o.totalSteps - o.warmupSteps);
  const progress = Math.min(1, (step - o.warmupSteps) / span);
  return minLr + 0.5 * (o.lr - minLr) * (1 + Math.cos(Math.PI * progress));
}
