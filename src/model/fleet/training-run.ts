/**
 * One training job in the fleet: it waits until it holds its whole gang of nodes (gang
 * scheduling), restarts after each interruption, computes in checkpoint cycles, and loses the work
 * since its last checkpoint when a node of its gang fails or inference takes its nodes back.
 */
import { computeSecondsAfter, savedComputeSecondsAfter, wallSecondsFor } from "./checkpoint-cycle.ts"
import type { FleetTrainingSpec } from "./spec.ts"

export type TrainingPhase = "pending" | "waiting" | "restarting" | "running" | "done" | "failed"

export class TrainingRun {
  phase: TrainingPhase = "pending"
  /** Node ids of the gang while it holds one. */
  nodes: number[] = []
  /** Pool the gang is on (−1 when none). */
  pool = -1
  /** Bumped on every interruption, so stale completion events are ignored. */
  generation = 0
  /** Compute seconds (at the gang's full rate) kept by checkpoints. */
  savedComputeSeconds = 0
  lostComputeSeconds = 0
  restartSecondsSpent = 0
  failures = 0
  preemptions = 0
  /** When the current run of compute began (after the restart). */
  runStartSeconds = Number.NaN
  /** When the gang was last acquired. */
  heldSinceSeconds = Number.NaN
  heldSeconds = 0
  computeSeconds = 0
  /** Compute seconds per pool index (runs may land on different pools). */
  readonly computeSecondsByPool = new Map<number, number>()
  firstStartSeconds = Number.NaN
  finishSeconds = Number.NaN
  private everStarted = false

  /** Compute seconds of the whole job at the gang's rate. */
  readonly totalComputeSeconds: number

  constructor(readonly spec: FleetTrainingSpec) {
    this.totalComputeSeconds = spec.flopsPerSecond > 0 ? spec.flops / spec.flopsPerSecond : Infinity
  }

  /** Nodes the gang needs on a pool with `gpusPerNode` GPUs per node (whole nodes). */
  nodesNeeded(gpusPerNode: number): number {
    return Math.ceil(this.spec.gpus / gpusPerNode)
  }

  /**
   * The gang was acquired at `timeSeconds`: returns the seconds until compute starts (0 the first
   * time, the restart time after an interruption).
   */
  acquire(timeSeconds: number, pool: number, nodes: number[]): number {
    this.pool = pool
    this.nodes = nodes
    this.heldSinceSeconds = timeSeconds
    if (Number.isNaN(this.firstStartSeconds)) this.firstStartSeconds = timeSeconds
    const restart = this.everStarted ? this.spec.restartSeconds : 0
    this.everStarted = true
    this.phase = restart > 0 ? "restarting" : "running"
    if (restart === 0) this.runStartSeconds = timeSeconds
    return restart
  }

  /** Compute begins (the restart is over). */
  startRunning(timeSeconds: number): void {
    this.restartSecondsSpent += this.spec.restartSeconds
    this.phase = "running"
    this.runStartSeconds = timeSeconds
  }

  /** Wall seconds from now until done, if nothing interrupts it (running phase). */
  secondsToFinish(): number {
    const { checkpointIntervalSeconds: tau, checkpointWriteSeconds: delta } = this.spec
    return wallSecondsFor(this.totalComputeSeconds - this.savedComputeSeconds, tau, delta)
  }

  /**
   * The gang is lost at `timeSeconds`: a failure keeps the work of the last checkpoint and loses the
   * rest; a preemption checkpoints first and loses nothing but the restart to come.
   */
  interrupt(timeSeconds: number, cause: "failure" | "preemption"): void {
    this.closeHold(timeSeconds)
    if (this.phase === "running") {
      const { checkpointIntervalSeconds: tau, checkpointWriteSeconds: delta } = this.spec
      const run = timeSeconds - this.runStartSeconds
      const done = computeSecondsAfter(run, tau, delta)
      // A preempted job is told (as SIGTERM with a grace period) and writes a checkpoint while the
      // node's next tenant loads its model; a failure keeps only the last periodic checkpoint.
      const saved = cause === "preemption" ? done : savedComputeSecondsAfter(run, tau, delta)
      this.savedComputeSeconds += saved
      this.lostComputeSeconds += done - saved
      this.computeSeconds += done
      this.addCompute(done)
    } else if (this.phase === "restarting") {
      this.restartSecondsSpent += Math.max(0, timeSeconds - this.heldSinceSeconds)
    }
    if (cause === "failure") this.failures++
    else this.preemptions++
    this.generation++
    this.nodes = []
    this.pool = -1
    const gaveUp = this.spec.maxRestarts !== undefined && this.failures + this.preemptions > this.spec.maxRestarts
    this.phase = gaveUp ? "failed" : "waiting"
  }

  /** The job completed at `timeSeconds`. */
  complete(timeSeconds: number): void {
    this.closeHold(timeSeconds)
    const { checkpointIntervalSeconds: tau, checkpointWriteSeconds: delta } = this.spec
    const done = computeSecondsAfter(timeSeconds - this.runStartSeconds, tau, delta)
    this.computeSeconds += done
    this.addCompute(done)
    this.savedComputeSeconds = this.totalComputeSeconds
    this.phase = "done"
    this.finishSeconds = timeSeconds
    this.nodes = []
  }

  /** Close the books at `timeSeconds` (the end of the run) without changing the phase. */
  settle(timeSeconds: number): { readonly heldSeconds: number; readonly computeSeconds: number; readonly usefulComputeSeconds: number } {
    let held = this.heldSeconds
    let compute = this.computeSeconds
    let useful = this.savedComputeSeconds
    if (this.phase === "running" || this.phase === "restarting") {
      held += Math.max(0, timeSeconds - this.heldSinceSeconds)
      if (this.phase === "running") {
        const { checkpointIntervalSeconds: tau, checkpointWriteSeconds: delta } = this.spec
        const done = computeSecondsAfter(timeSeconds - this.runStartSeconds, tau, delta)
        compute += done
        useful += done
      }
    }
    return { heldSeconds: held, computeSeconds: compute, usefulComputeSeconds: Math.min(useful, this.totalComputeSeconds) }
  }

  private addCompute(seconds: number): void {
    this.computeSecondsByPool.set(this.pool, (this.computeSecondsByPool.get(this.pool) ?? 0) + seconds)
  }

  private closeHold(timeSeconds: number): void {
    if (!Number.isNaN(this.heldSinceSeconds)) this.heldSeconds += Math.max(0, timeSeconds - this.heldSinceSeconds)
    this.heldSinceSeconds = Number.NaN
  }
}
