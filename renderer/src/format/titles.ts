/** The most a title may hold (the model's title schemas allow 300 characters). */
const MAX_TITLE = 300

/** "Title (copy)" in the interface language, shortened so the result is still a valid title. */
export function copyTitle(title: string, suffix: string): string {
  const tail = ` (${suffix})`
  const room = MAX_TITLE - tail.length
  return `${title.length > room ? title.slice(0, room).trimEnd() : title}${tail}`
}
