/**
 * M/M/c on gpuplan's DES kernel (src/sim/event-queue.ts, src/sim/rng.ts): c servers, Poisson
 * arrivals at λ = ρ·c·μ, exponential service at μ = 1, FIFO queue. The same model as
 * bench/peers/mmc_simpy.py so bench/peers/run.ts can compare customers per second.
 *
 *   node bin/run-ts.js bench/peers/mmc.ts [customers=1000000] [servers=8] [utilization=0.9] [seed=1]
 *
 * Prints one JSON line: {"engine","customers","seconds","customersPerSecond","meanWait","erlangCWait"}.
 * Timed from the first event to the last departure (process start and module loading excluded, as
 * in the SimPy script).
 */
import { mmcMeanWaitSeconds } from "../../src/perf/queueing.ts"
import { EventQueue } from "../../src/sim/event-queue.ts"
import { Rng } from "../../src/sim/rng.ts"

const [customersArg = "1000000", serversArg = "8", utilizationArg = "0.9", seedArg = "1"] = process.argv.slice(2)
const customers = Number(customersArg)
const servers = Number(serversArg)
const utilization = Number(utilizationArg)
const serviceRate = 1
const arrivalRate = utilization * servers * serviceRate

const ARRIVAL = 0
const DEPARTURE = 1

/** One simulation; returns the mean wait in queue over every customer. */
const simulate = (n: number, seed: number): number => {
  const rng = new Rng(seed)
  const arrivals = rng.fork(1)
  const services = rng.fork(2)
  const q = new EventQueue(64)
  // FIFO of waiting customers' arrival times: a ring buffer that doubles when full.
  let waiting = new Float64Array(1024)
  let head = 0
  let tail = 0
  let busy = 0
  let arrived = 0
  let totalWait = 0
  q.push(-Math.log(arrivals.nextOpen()) / arrivalRate, 0, ARRIVAL, 0, 0)
  while (q.pop()) {
    const now = q.time
    if (q.kind === ARRIVAL) {
      arrived++
      if (arrived < n) q.push(now - Math.log(arrivals.nextOpen()) / arrivalRate, 0, ARRIVAL, 0, 0)
      if (busy < servers) {
        busy++
        q.push(now - Math.log(services.nextOpen()) / serviceRate, 0, DEPARTURE, 0, 0)
      } else {
        if (tail - head === waiting.length) {
          const bigger = new Float64Array(waiting.length * 2)
          for (let i = head; i < tail; i++) bigger[i - head] = waiting[i % waiting.length]!
          tail -= head
          head = 0
          waiting = bigger
        }
        waiting[tail++ % waiting.length] = now
      }
    } else if (tail > head) {
      // A server frees up and takes the head of the queue.
      totalWait += now - waiting[head++ % waiting.length]!
      q.push(now - Math.log(services.nextOpen()) / serviceRate, 0, DEPARTURE, 0, 0)
    } else {
      busy--
    }
  }
  return totalWait / n
}

simulate(Math.min(customers, 100_000), Number(seedArg) + 1) // warm-up (JIT), as a long run would be
const t0 = process.hrtime.bigint()
const meanWait = simulate(customers, Number(seedArg))
const seconds = Number(process.hrtime.bigint() - t0) / 1e9
console.log(
  JSON.stringify({
    engine: "gpuplan",
    customers,
    seconds,
    customersPerSecond: customers / seconds,
    meanWait,
    erlangCWait: mmcMeanWaitSeconds(arrivalRate, serviceRate, servers),
  }),
)
