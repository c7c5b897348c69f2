/**
 * A deliberately naive serving simulator: one loop turn per engine iteration, one object per
 * request, block counts held per sequence and grown one by one. It implements the same rules as
 * src/model/serving/replica.ts (see its header) in the most direct way, as the reference the
 * closed-form engine must reproduce request by request.
 */
import type { ReplicaTiming } from "../../../src/perf/replica-timing.ts"
import type { RequestSpec } from "./helpers.ts"

export interface NaiveConfig {
  timing: ReplicaTiming
  replicas: number
  maxBatch: number
  prefillChunk: number
  blockTokens: number
  router: "least-outstanding" | "round-robin"
}

export interface NaiveOutcome {
  /** Per request id: TTFT and e2e (NaN when not completed or rejected). */
  ttft: number[]
  e2e: number[]
  rejected: number
  preempted: number
}

interface Seq {
  id: number
  arrival: number
  prompt: number
  output: number
  generated: number
  target: number
  prefilled: number
  decoding: boolean
  held: number
  firstToken: number
}

interface Rep {
  queue: Seq[]
  running: Seq[]
  outstanding: number
  /** End of the iteration in progress, or null when idle. */
  iterationEnd: number | null
}

export const runNaive = (cfg: NaiveConfig, requests: ReadonlyArray<RequestSpec>, horizon: number): NaiveOutcome => {
  const bt = cfg.blockTokens
  const totalBlocks = Math.floor(cfg.timing.kvCapacityTokens / bt)
  const reps: Rep[] = Array.from({ length: cfg.replicas }, () => ({ queue: [], running: [], outstanding: 0, iterationEnd: null }))
  const out: NaiveOutcome = { ttft: requests.map(() => NaN), e2e: requests.map(() => NaN), rejected: 0, preempted: 0 }
  let turn = 0
  const held = (r: Rep) => r.running.reduce((s, q) => s + q.held, 0)

  const finish = (r: Rep, s: Seq, t: number) => {
    r.running.splice(r.running.indexOf(s), 1)
    r.outstanding -= s.prompt + s.output
    out.ttft[s.id] = s.firstToken - s.arrival
    out.e2e[s.id] = t - s.arrival
  }

  const start = (r: Rep, t: number) => {
    const growth = () => r.running.filter((s) => s.decoding && Math.ceil((s.prompt + s.generated) / bt) > s.held).length
    let preempted = false
    while (growth() > totalBlocks - held(r)) {
      const victim = r.running.pop()!
      victim.held = 0
      victim.decoding = false
      victim.prefilled = 0
      r.queue.unshift(victim)
      out.preempted++
      preempted = true
    }
    if (!preempted) {
      while (r.running.length < cfg.maxBatch && r.queue.length > 0) {
        const h = r.queue[0]!
        const blocks = Math.ceil((h.prompt + h.generated) / bt)
        if (blocks > totalBlocks - held(r) - growth()) break
        r.queue.shift()
        h.target = h.prompt + h.generated
        h.prefilled = 0
        h.held = blocks
        r.running.push(h)
      }
    }
    if (r.running.length === 0) {
      r.iterationEnd = null
      return
    }
    let b = 0
    let context = 0
    for (const s of r.running)
      if (s.decoding) {
        s.held = Math.ceil((s.prompt + s.generated) / bt)
        b++
        context += s.prompt + s.generated
      }
    let budget = cfg.prefillChunk
    let tokens = 0
    for (const s of r.running)
      if (!s.decoding && budget > 0) {
        const take = Math.min(s.target - s.prefilled, budget)
        s.prefilled += take
        budget -= take
        tokens += take
      }
    r.iterationEnd = t + cfg.timing.iterationSeconds(tokens, b, context)
  }

  const end = (r: Rep, t: number) => {
    for (const s of [...r.running]) {
      if (s.decoding) {
        s.generated++
        if (s.generated === s.output) finish(r, s, t)
      } else if (s.prefilled === s.target) {
        s.generated++
        if (Number.isNaN(s.firstToken)) s.firstToken = t
        if (s.generated === s.output) finish(r, s, t)
        else s.decoding = true
      }
    }
    start(r, t)
  }

  let next = 0
  for (;;) {
    let ri = -1
    for (let i = 0; i < reps.length; i++) {
      const e = reps[i]!.iterationEnd
      if (e !== null && (ri < 0 || e < reps[ri]!.iterationEnd!)) ri = i
    }
    const boundary = ri < 0 ? Infinity : reps[ri]!.iterationEnd!
    const arrival = next < requests.length && requests[next]!.time <= horizon ? requests[next]!.time : Infinity
    if (arrival === Infinity && boundary === Infinity) break
    if (arrival <= boundary) {
      const q = requests[next]!
      const s: Seq = { id: next++, arrival: q.time, prompt: q.prompt, output: q.output, generated: 0, target: 0, prefilled: 0, decoding: false, held: 0, firstToken: NaN }
      if (Math.ceil((s.prompt + s.output - 1) / bt) > totalBlocks) {
        out.rejected++
        continue
      }
      let r: Rep
      if (cfg.router === "round-robin") r = reps[turn++ % reps.length]!
      else r = reps.reduce((best, x) => (x.outstanding < best.outstanding ? x : best), reps[0]!)
      r.outstanding += s.prompt + s.output
      r.queue.push(s)
      if (r.iterationEnd === null) start(r, s.arrival)
    } else end(reps[ri]!, boundary)
  }
  return out
}
