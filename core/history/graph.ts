import type { Version } from './version'

export type VersionGraph = ReadonlyMap<string, Version>

/** `start` and every version it descends from that the graph holds. */
export function ancestorsOf(graph: VersionGraph, start: string): Set<string> {
  const seen = new Set<string>()
  const stack = [start]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    const version = graph.get(id)
    if (!version) continue
    seen.add(id)
    stack.push(...version.parents)
  }
  return seen
}

/**
 * The version two heads both descend from and that is closest to them: a common ancestor that is not itself an
 * ancestor of another common ancestor. When several qualify (each partner merged the other's work, crosswise),
 * the latest is taken, ties broken by id, so the answer never depends on which side asks.
 */
export function mergeBase(graph: VersionGraph, a: string, b: string): string | undefined {
  const fromA = ancestorsOf(graph, a)
  const common = [...ancestorsOf(graph, b)].filter((id) => fromA.has(id))
  if (common.length === 0) return undefined
  // Every proper ancestor of a common ancestor is common too, and never the closest: one walk finds them all.
  const hidden = new Set<string>()
  const stack = common.flatMap((id) => graph.get(id)!.parents)
  while (stack.length > 0) {
    const id = stack.pop()!
    if (hidden.has(id) || !graph.has(id)) continue
    hidden.add(id)
    stack.push(...graph.get(id)!.parents)
  }
  const best = common.filter((id) => !hidden.has(id))
  best.sort((x, y) => compareNewestFirst(graph.get(x)!, graph.get(y)!))
  return best[0]
}

export function compareNewestFirst(a: Version, b: Version): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/**
 * Why the versions do not form a history, or undefined when they do: every parent is known and no version
 * descends from itself. Kahn's algorithm: what cannot be ordered lies on a cycle.
 */
export function findGraphProblem(graph: VersionGraph): string | undefined {
  const pending = new Map<string, number>()
  const children = new Map<string, string[]>()
  for (const version of graph.values()) {
    for (const parent of version.parents) {
      if (!graph.has(parent))
        return `the version ${version.id.slice(0, 12)} names a parent (${parent.slice(0, 12)}) that the history does not hold`
      children.set(parent, [...(children.get(parent) ?? []), version.id])
    }
    if (new Set(version.parents).size !== version.parents.length)
      return `the version ${version.id.slice(0, 12)} names the same parent twice`
    pending.set(version.id, version.parents.length)
  }
  const ready = [...pending].filter(([, count]) => count === 0).map(([id]) => id)
  let ordered = 0
  while (ready.length > 0) {
    const id = ready.pop()!
    ordered += 1
    for (const child of children.get(id) ?? []) {
      const left = pending.get(child)! - 1
      pending.set(child, left)
      if (left === 0) ready.push(child)
    }
  }
  return ordered === graph.size ? undefined : 'some versions descend from themselves (a cycle)'
}
