/** Display helpers shared by lists and the case page. Times come from the server as ISO strings. */

const pad = (n: number) => String(n).padStart(2, '0')

const CST_OFFSET_MS = 8 * 3600_000

/** The wall clock in China Standard Time: deadlines are defined in +08:00 (M-14a), whatever the device's zone. */
function cst(d: Date): Date {
  return new Date(d.getTime() + CST_OFFSET_MS)
}

/** 11月23日 14:05 (this year) or 2024年11月23日 14:05, China Standard Time. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const t = new Date(iso)
  if (Number.isNaN(t.getTime())) return ''
  const d = cst(t)
  const day = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return d.getUTCFullYear() === cst(now).getUTCFullYear() ? day : `${d.getUTCFullYear()}年${day}`
}

/** The first characters of a text on one line, with an ellipsis when cut. */
export function excerpt(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max)}…` : line
}

/** yyyy-mm of a date (China Standard Time), e.g. for storage folders. */
export function yearMonth(at: Date = new Date()): string {
  const d = cst(at)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`
}

/** A random token of [a-z0-9], good for client request ids and file names (not for secrets). */
export function randomToken(length = 16): string {
  let out = Date.now().toString(36)
  while (out.length < length) out += Math.random().toString(36).slice(2)
  return out.slice(0, length)
}
