/**
 * What the test file that started the run's PostgreSQL cluster tells the others (and the teardown),
 * in `cluster.json` of the run's folder.
 */
import { z } from 'zod'

const stateSchema = z.union([
  z.object({ url: z.string(), dataDir: z.string() }),
  z.object({ skipped: z.string() })
])

/** A started cluster, or why there is none. */
export type ClusterState = z.infer<typeof stateSchema>

/**
 * Read `cluster.json`.
 * @param text Its content, or undefined when it is not written yet.
 * @returns The state, or undefined.
 */
export function clusterInfo(
  text: string | undefined
): ClusterState | undefined {
  if (text === undefined) return undefined
  const parsed = stateSchema.safeParse(JSON.parse(text))
  return parsed.success ? parsed.data : undefined
}
