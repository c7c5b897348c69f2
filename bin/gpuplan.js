#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript sources run directly after `npm ci` (no build step),
// then hands over to the CLI.
import { register } from "tsx/esm/api"

register()
await import("../src/cli.ts")
