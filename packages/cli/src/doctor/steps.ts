import type { KvFactCheck, KvFactContext, KvFactStep } from "./check.js";

/** Every step the checks need, directly or through another step, each once (for the plan of requests). */
export function stepsOf(checks: readonly KvFactCheck[]): Set<KvFactStep<unknown>> {
  const steps = new Set<KvFactStep<unknown>>();
  const visit = (step: KvFactStep<unknown>): void => {
    if (steps.has(step)) return;
    steps.add(step);
    for (const need of step.needs ?? []) visit(need);
  };
  for (const check of checks) for (const need of check.needs ?? []) visit(need);
  return steps;
}

/**
 * Runs each step once, after the steps it needs, and hands a check or a step a view of the context whose
 * `read` answers only what it declared in `needs`: an undeclared read throws, so the plan cannot miss it.
 */
export class KvStepRunner {
  readonly #ctx: KvFactContext;
  readonly #scheduled = new Map<KvFactStep<unknown>, Promise<unknown>>();
  readonly #results = new Map<KvFactStep<unknown>, unknown>();

  constructor(ctx: KvFactContext) {
    this.#ctx = ctx;
  }

  /** Runs `needs` (each once per run); a step that failed fails every check that needs it the same way. */
  async prepare(needs: readonly KvFactStep<unknown>[] = []): Promise<KvFactContext> {
    for (const need of needs) await this.#resolve(need);
    return this.#view(needs);
  }

  #resolve(step: KvFactStep<unknown>): Promise<unknown> {
    let running = this.#scheduled.get(step);
    if (!running) {
      running = (async () => {
        const value = await step.run(await this.prepare(step.needs));
        this.#results.set(step, value);
        return value;
      })();
      this.#scheduled.set(step, running);
    }
    return running;
  }

  // The context's live fields (the namespace id, `adopt`) come through the prototype.
  #view(needs: readonly KvFactStep<unknown>[]): KvFactContext {
    const view = Object.create(this.#ctx) as KvFactContext;
    view.read = <T>(step: KvFactStep<T>): T => {
      if (!needs.includes(step)) throw new Error(`"${step.what}" is read without being declared in needs`);
      return this.#results.get(step) as T;
    };
    return view;
  }
}
