import { CancellationScope, condition, sleep } from '@temporalio/workflow';

/** How the main loop waits for a change, or for the instant the machine needs to be ticked again. */
export type Wake = { until(wakeAt: string | null, changed: () => boolean): Promise<unknown> };

/**
 * Generation standing-alarm on: the case's one timer is kept while it rings no later than the next wake-up. An
 * event that moves the next deadline later (most lifecycle events, a suspension, a resumption) then writes no timer
 * commands, and an alarm that rings early costs one task that finds nothing due and arms the next. Only a wake-up
 * earlier than the alarm replaces it.
 */
export class StandingAlarm implements Wake {
  private rings = 0;
  private armed: { at: number; scope: CancellationScope } | undefined;

  until(wakeAt: string | null, changed: () => boolean): Promise<unknown> {
    this.keepOrArm(wakeAt);
    const rang = this.rings;
    return condition(() => changed() || this.rings !== rang);
  }

  private keepOrArm(wakeAt: string | null): void {
    if (!wakeAt) return;
    const at = Date.parse(wakeAt);
    if (this.armed && this.armed.at <= at) return;
    this.armed?.scope.cancel();
    const scope = new CancellationScope();
    const armed = { at, scope };
    this.armed = armed;
    scope.run(() => sleep(Math.max(1, at - Date.now()))).then(
      () => {
        if (this.armed === armed) this.armed = undefined;
        this.rings += 1;
      },
      // Cancelled: an earlier alarm took its place.
      () => undefined,
    );
  }
}

/** Generations before standing-alarm: a fresh timer every time round, so a cancel and a start on every change. */
export class TimerPerWait implements Wake {
  until(wakeAt: string | null, changed: () => boolean): Promise<unknown> {
    const wakeIn = wakeAt ? Math.max(1, Date.parse(wakeAt) - Date.now()) : undefined;
    return condition(changed, wakeIn);
  }
}
