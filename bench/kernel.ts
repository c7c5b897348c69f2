/**
 * Kernel throughput: the "hold" model (pop the earliest event, push one a random exponential time
 * later) with 100k events pending, on EventQueue and on a bare typed-array heap of times only (the
 * physical limit of a JS binary heap: no payload, no tie-breaking), and the TimerHeap that holds one
 * pending boundary per replica.
 *
 *   node bin/run-ts.js bench/kernel.ts
 */
import { EventQueue } from "../src/sim/event-queue.ts"
import { Rng } from "../src/sim/rng.ts"
import { TimerHeap } from "../src/sim/timer-heap.ts"
import { result } from "./result.ts"

const PENDING = 100_000
const OPS = 10_000_000

const holdEventQueue = (): number => {
  const rng = new Rng(1)
  const q = new EventQueue(PENDING)
  for (let i = 0; i < PENDING; i++) q.push(-Math.log(rng.nextOpen()), i & 3, 1, i, 0)
  const t0 = performance.now()
  let check = 0
  for (let i = 0; i < OPS; i++) {
    q.pop()
    check += q.target
    q.push(q.time - Math.log(rng.nextOpen()), i & 3, 1, q.target, q.generation)
  }
  const seconds = (performance.now() - t0) / 1000
  if (check < 0) console.log(check)
  return OPS / seconds
}

/** Bare min-heap of Float64 times with a hole-based sift: the floor for any JS event queue. */
const holdBareHeap = (): number => {
  const rng = new Rng(1)
  const h = new Float64Array(PENDING + 1)
  let n = 0
  const push = (t: number) => {
    let i = n++
    while (i > 0) {
      const p = (i - 1) >> 1
      if (h[p]! <= t) break
      h[i] = h[p]!
      i = p
    }
    h[i] = t
  }
  const pop = (): number => {
    const top = h[0]!
    const t = h[--n]!
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      if (c + 1 < n && h[c + 1]! < h[c]!) c++
      if (t <= h[c]!) break
      h[i] = h[c]!
      i = c
    }
    h[i] = t
    return top
  }
  for (let i = 0; i < PENDING; i++) push(-Math.log(rng.nextOpen()))
  const t0 = performance.now()
  for (let i = 0; i < OPS; i++) push(pop() - Math.log(rng.nextOpen()))
  return OPS / ((performance.now() - t0) / 1000)
}

/** TimerHeap with 1,000 entities, each rescheduled in place when it fires (replica boundaries). */
const holdTimers = (): number => {
  const rng = new Rng(1)
  const h = new TimerHeap(1000)
  for (let i = 0; i < 1000; i++) h.set(i, -Math.log(rng.nextOpen()))
  const t0 = performance.now()
  for (let i = 0; i < OPS; i++) h.set(h.peekId(), h.peekTime() - Math.log(rng.nextOpen()))
  return OPS / ((performance.now() - t0) / 1000)
}

/** The same hold loop with only the RNG and logarithm: what the model work alone costs. */
const rngOnly = (): number => {
  const rng = new Rng(1)
  let t = 0
  const t0 = performance.now()
  for (let i = 0; i < OPS; i++) t -= Math.log(rng.nextOpen())
  const seconds = (performance.now() - t0) / 1000
  if (t < 0) console.log(t)
  return OPS / seconds
}

const fmt = (x: number) => `${(x / 1e6).toFixed(2)} M/s`
holdEventQueue() // warm-up
holdBareHeap()
console.log(`hold model, ${PENDING.toLocaleString("en")} pending, ${OPS.toLocaleString("en")} pop+push pairs`)
const engineRate = holdEventQueue()
const limitRate = holdBareHeap()
console.log(`  EventQueue (time, priority, sequence, 3 payloads): ${fmt(engineRate)} events`)
console.log(`  bare Float64Array heap (physical limit):           ${fmt(limitRate)} events`)
result({ figure: "DES kernel: EventQueue pop+push, 100k pending", unit: "M events/s", target: "≥ 10", measured: engineRate / 1e6, pass: engineRate >= 10e6 })
result({ figure: "physical limit: bare typed-array heap, 100k pending", unit: "M events/s", target: "", measured: limitRate / 1e6, pass: null })
result({ figure: "kernel as a share of the physical limit", unit: "%", target: "≥ 50", measured: (100 * engineRate) / limitRate, pass: engineRate >= 0.5 * limitRate })
console.log(`  TimerHeap, 1,000 timers rescheduled in place:      ${fmt(holdTimers())} events`)
console.log(`  RNG + log only (no heap):                          ${fmt(rngOnly())}`)
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`)
