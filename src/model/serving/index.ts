/** The discrete-event serving simulation: see simulation.ts. */
export * from "./types.ts"
export { ServingSimulation, simulateServing, type WorkloadSnapshot } from "./simulation.ts"
