/**
 * The HTML proposal in a real browser: `gpuplan run <chat example> --format html --out F` renders
 * in headless Chromium (Debian's chromium + playwright-core, STACK.md) without console errors or
 * network requests, every chart has a size and drawn marks, and the key figures are visible; with
 * `--sensitivity`, both tornado charts are visible, side by side on a wide page, stacked on a narrow one.
 * Skips, saying why, where /usr/bin/chromium is not installed (.ci/run installs it).
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { chromium, type Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { main } from "../../src/cli.ts"
import { latency, money } from "../../src/report/format.ts"
import { COST_TORNADO_TITLE, SLO_TORNADO_TITLE } from "../../src/report/sensitivity.ts"
import type { Report } from "../../src/report/types.ts"

const CHROMIUM = "/usr/bin/chromium"
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`html-browser.test.ts: skipped — ${CHROMIUM} is missing (apt-get install -y chromium)`)

const chat = join(import.meta.dirname, "..", "..", "scenarios", "chat-h100-burst.yaml")
const dir = mkdtempSync(join(tmpdir(), "gpuplan-html-"))
const htmlFile = join(dir, "p.html")
const jsonFile = join(dir, "p.json")

describe.skipIf(!hasChromium)("html proposal in Chromium", () => {
  let browser: Browser
  let report: Report

  beforeAll(async () => {
    const quiet = vi.spyOn(process.stderr, "write").mockImplementation(() => true)
    try {
      // Two simulated hours: quick, and long enough for a demand curve.
      expect(await main(["run", chat, "--format", "html", "--out", htmlFile, "--horizon", "2h"])).toBe(0)
      expect(await main(["run", chat, "--format", "json", "--out", jsonFile, "--horizon", "2h"])).toBe(0)
    } finally {
      quiet.mockRestore()
    }
    report = JSON.parse(readFileSync(jsonFile, "utf8"))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
  })

  it("renders with visible charts, no console error, no network request; the key figures are on the page", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    const errors: string[] = []
    const requests: string[] = []
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text())
    })
    page.on("pageerror", (e) => errors.push(e.message))
    page.on("request", (r) => requests.push(r.url()))
    const url = pathToFileURL(htmlFile).href
    await page.goto(url, { waitUntil: "load" })

    // Runs in the page (tsconfig has no DOM lib, hence the loose types).
    const charts: Array<{ title: string; width: number; height: number; marks: number; drawn: number }> = await page.evaluate(() =>
      [...(globalThis as any).document.querySelectorAll("svg.chart")].map((svg: any) => {
        const box = svg.getBoundingClientRect()
        const marks: Array<{ width: number; height: number }> = [...svg.querySelectorAll("path.series, rect.bar")].map((el: any) => el.getBBox())
        return {
          title: svg.querySelector("title")?.textContent ?? "",
          width: box.width,
          height: box.height,
          marks: marks.length,
          drawn: marks.filter((b) => b.width > 0 && (b.height > 0 || b.width > 0)).length,
        }
      }),
    )
    expect(charts.length).toBeGreaterThanOrEqual(6)
    for (const c of charts) {
      expect(c.width, c.title).toBeGreaterThan(100)
      expect(c.height, c.title).toBeGreaterThan(50)
      expect(c.drawn, c.title).toBeGreaterThan(0)
    }
    expect(charts.map((c) => c.title)).toEqual(expect.arrayContaining([expect.stringMatching(/^Demand vs capacity — chat/), "Utilization", expect.stringMatching(/^Time to first token — chat/), expect.stringMatching(/^Cost by use/)]))
    const demand = charts.find((c) => c.title.startsWith("Demand vs capacity"))!
    // arrivals, replicas, and the nodes of each pool the timeline has
    const poolSeries = report.pools.filter((p) => report.timeline.series[`${p.name}.nodes`] !== undefined).length
    expect(demand.marks).toBe(2 + poolSeries)

    const w = report.inference[0]!
    for (const figure of [money(report.cost!.total, "USD"), latency(w.latency.ttft.p99), money(report.quote!.perMillionOutputTokens, "USD")])
      expect(await page.getByText(figure, { exact: false }).first().isVisible(), figure).toBe(true)
    await expect(page.locator("h1").textContent()).resolves.toBe(report.scenario.name)

    const shot = join(dir, "proposal.png")
    await page.screenshot({ path: shot, fullPage: true })
    expect(statSync(shot).size).toBeGreaterThan(50_000)
    expect(errors).toEqual([])
    expect(requests).toEqual([url])
    await page.close()
  }, 120_000)

  it("run --sensitivity: both tornado charts render, side by side at 1100 px and stacked at 640 px", async () => {
    // One H100 near saturation (tests/app/sensitivity.test.ts): every simulated input moves SLO attainment.
    const yaml = join(dir, "sat.yaml")
    writeFileSync(
      yaml,
      [
        "name: sensitivity in a browser",
        "horizon: 1h",
        "models: [{ name: m, preset: llama-3.1-8b }]",
        "pools: [{ name: p, gpu: H100-SXM, gpusPerNode: 1, nodes: 1, pricing: { kind: on-demand, perGpuHour: 3 } }]",
        "inference:",
        "  - { name: chat, model: m, pools: [p], arrivals: { pattern: poisson, rate: 30/s }, promptTokens: { distribution: lognormal, mean: 1000, p99: 4000 }, outputTokens: { distribution: lognormal, mean: 200, p99: 800 }, slo: { ttft: { p99: 500ms } } }",
        "",
      ].join("\n"),
    )
    const file = join(dir, "sensitivity.html")
    const quiet = vi.spyOn(process.stderr, "write").mockImplementation(() => true)
    try {
      expect(await main(["run", yaml, "--engine", "analytic", "--sensitivity", "--format", "html", "--out", file])).toBe(0)
    } finally {
      quiet.mockRestore()
    }
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    const errors: string[] = []
    const requests: string[] = []
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text())
    })
    page.on("pageerror", (e) => errors.push(e.message))
    page.on("request", (r) => requests.push(r.url()))
    const url = pathToFileURL(file).href
    await page.goto(url, { waitUntil: "load" })
    const cost = page.getByRole("img", { name: COST_TORNADO_TITLE })
    const slo = page.getByRole("img", { name: SLO_TORNADO_TITLE })
    for (const chart of [cost, slo]) {
      await chart.scrollIntoViewIfNeeded()
      expect(await chart.isVisible()).toBe(true)
      // Six inputs, a low and a high bar each; at least one drawn with a width.
      const widths: number[] = await chart.locator("rect.bar").evaluateAll((els) => els.map((el: any) => el.getBBox().width))
      expect(widths).toHaveLength(12)
      expect(widths.some((w) => w > 1)).toBe(true)
    }
    const boxes = async () => [(await cost.boundingBox())!, (await slo.boundingBox())!] as const
    const [c1, s1] = await boxes()
    expect(c1.width).toBeGreaterThan(300)
    expect(s1.y).toBe(c1.y) // side by side
    expect(s1.x).toBeGreaterThan(c1.x + c1.width - 1)
    await page.setViewportSize({ width: 640, height: 900 })
    const [c2, s2] = await boxes()
    expect(s2.y).toBeGreaterThanOrEqual(c2.y + c2.height) // stacked
    expect(c2.x + c2.width).toBeLessThanOrEqual(640)
    expect(errors).toEqual([])
    expect(requests).toEqual([url])
    await page.close()
  }, 120_000)
})
