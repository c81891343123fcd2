/**
 * What keeps one case inside Temporal's limits (a 2 MiB payload, a 50 MiB history, 2,000 pending activities)
 * whatever a client sends and however long the case stays open. docs/bounds.md explains each; a test names it.
 */

/**
 * An event that would make the case view larger than this (UTF-8 bytes of its JSON) is refused with 409: every
 * event adds to the view, which each answer, the carried state of continue-as-new and the history all hold. A
 * typical case is 1–4 KiB; at this size a run continues as new every few dozen events.
 */
export const CASE_VIEW_MAX_BYTES = 128 * 1024;

/** The view keeps the newest escalations up to this many: an overdue limit left for months repeats daily. */
export const CASE_MAX_ESCALATIONS = 200;

/** Webhook deliveries running at once per case; the rest wait in the outbox while a receiver refuses. */
export const CASE_MAX_DELIVERIES_IN_FLIGHT = 20;
