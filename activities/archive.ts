import type { Client } from '@temporalio/client';
import type { ClosedCaseArchive, ClosedCaseRecord } from '../audit/closed-cases';
import type { CaseView } from '../contracts/case';
import type { CarriedState } from '../contracts/messages';
import { seal } from '../temporal/sealed-payload';

/** A closed case's final view as its run hands it over; the view travels encrypted, as every payload does. */
export type ClosedCaseEntry = Omit<ClosedCaseRecord, 'view' | 'state'> & { view: CaseView; state: CarriedState };

/** Writes to caseflow's archive of closed cases, in the audit database, through the worker's payload codec. */
export function createArchiveActivities({ client, archive }: { client: Client; archive?: ClosedCaseArchive }) {
  return {
    /**
     * Upserts the case's row (a retry, or a later run of the same case, writes it again). A database that is down
     * throws, and the activity is retried until it is back. True once archived; a worker built without an archive
     * (tests of other layers) archives nothing and says so, and the case stays listed from Temporal alone.
     */
    async archiveClosedCase(entry: ClosedCaseEntry): Promise<boolean> {
      if (!archive) return false;
      const converter = client.options.loadedDataConverter;
      await archive.put({ ...entry, view: await seal(converter, entry.view), state: await seal(converter, entry.state) });
      return true;
    },
  };
}

export type ArchiveActivities = ReturnType<typeof createArchiveActivities>;
