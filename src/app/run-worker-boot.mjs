// Worker-thread entry for background simulations: registers tsx (as bin/gpuplan.js does for the
// main thread; loader hooks are not inherited by workers), then loads the TypeScript worker body.
import { register } from "tsx/esm/api"
import { workerData } from "node:worker_threads"

register()
await import(workerData.entry)
