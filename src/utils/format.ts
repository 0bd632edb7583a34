/** Display helpers shared by lists and the case page. Times come from the server as ISO strings. */

const pad = (n: number) => String(n).padStart(2, '0')

/** 11月23日 14:05 (this year) or 2024年11月23日 14:05, in the device's time zone. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const day = `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return d.getFullYear() === now.getFullYear() ? day : `${d.getFullYear()}年${day}`
}

/** The first characters of a text on one line, with an ellipsis when cut. */
export function excerpt(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max)}…` : line
}

/** yyyy-mm of a date, e.g. for storage folders. */
export function yearMonth(d: Date = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`
}

/** A random token of [a-z0-9], good for client request ids and file names (not for secrets). */
export function randomToken(length = 16): string {
  let out = Date.now().toString(36)
  while (out.length < length) out += Math.random().toString(36).slice(2)
  return out.slice(0, length)
}
