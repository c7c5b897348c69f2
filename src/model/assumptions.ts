/**
 * Assumptions: every input the results rest on that the user did not write, with the value used and
 * where it comes from. The report lists them all; nothing the model assumes is hidden.
 */
export interface Assumption {
  /** Scenario path the value would be written at, e.g. `pools[0].failures.perGpuDay`. */
  readonly path: string
  /** The value used, formatted with its unit. */
  readonly value: string
  /** Where it comes from: a citation, a catalog entry with its as-of date, or an engineering choice. */
  readonly source: string
}

/** Collects assumptions in order, once per path. */
export class AssumptionLog {
  private readonly seen = new Set<string>()
  readonly items: Assumption[] = []
  /** Record `path` unless the user gave it (`explicit` holds the paths present in the file). */
  constructor(private readonly explicit: ReadonlySet<string>) {}

  isExplicit(path: string): boolean {
    return this.explicit.has(path)
  }

  add(path: string, value: string, source: string): void {
    if (this.explicit.has(path) || this.seen.has(path)) return
    this.seen.add(path)
    this.items.push({ path, value, source })
  }
}
