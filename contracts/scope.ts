/**
 * Whether a token's stations cover a station ('*' covers all). Zod-free, so the case workflow can check the scope
 * an event carries without a second round trip from the API.
 */
export function covers(stations: readonly string[], station: string): boolean {
  return stations.includes('*') || stations.includes(station);
}

/** Who may see a case: police by its station, a procuratorate or court by having held it (contract section 9). */
export type Scope = { stations: readonly string[]; orgs?: readonly string[] };

/** `kase.orgs`: the procuratorates and courts that hold or have held the case (absent on cases from before hand-offs). */
export function seesCase(scope: Scope, kase: { station: string; orgs?: readonly string[] }): boolean {
  return covers(scope.stations, kase.station) || (scope.orgs ?? []).some((org) => kase.orgs?.includes(org));
}
