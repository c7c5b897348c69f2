/**
 * Writing a result file: atomically (a temporary file in the same directory, then rename), and never
 * over an existing file unless forced — nothing the user wrote is lost.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { InvalidInput } from "./diagnostics.ts"

export const writeOutput = (file: string, content: string, force: boolean): Effect.Effect<void, InvalidInput> =>
  Effect.suspend(() => {
    const fail = (message: string) => Effect.fail(new InvalidInput({ diagnostics: [{ file, line: 1, column: 1, path: "", message }] }))
    const abs = path.resolve(file)
    let exists = false
    try {
      const st = fs.statSync(abs)
      if (st.isDirectory()) return fail("is a directory; give a file name for --out")
      exists = true
    } catch {
      exists = false
    }
    if (exists && !force) return fail("already exists; not overwriting it (use --force to replace it)")
    const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.tmp`)
    try {
      fs.writeFileSync(tmp, content, { flag: "wx" })
      fs.renameSync(tmp, abs)
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true })
      } catch {
        /* nothing to clean */
      }
      return fail(`cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
    }
    return Effect.void
  })
