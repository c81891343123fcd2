/**
 * Whether a token's stations cover a station ('*' covers all). Zod-free, so the case workflow can check the scope
 * an event carries without a second round trip from the API.
 */
export function covers(stations: readonly string[], station: string): boolean {
  return stations.includes('*') || stations.includes(station);
}
