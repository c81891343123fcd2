import { z } from 'zod';
import { unitCode } from './codes';
import { categories, handoffDefaults, limitNames, remedyDefaults, tracks, type LimitName } from './vocabulary';

/** Durations are ISO 8601: whole days (`P3D`, `P1W`) follow the legal clock, clock time (`PT24H`) is exact. */
export const isoDuration = z
  .string()
  .regex(
    /^P(?:(\d+)W|(\d+)D|T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)$/,
    'an ISO 8601 duration of whole days (P3D, P1W) or of clock time (PT24H, PT30M); not both',
  );

/**
 * A legal limit or an extension step: whole days, whole months (`P1M`: to the same-numbered day of a later month,
 * contract section 9) or clock time. Half a month is `P15D`.
 */
export const limitDuration = z
  .string()
  .regex(
    /^P(?:(\d+)W|(\d+)D|(\d+)M|T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)$/,
    'an ISO 8601 duration of whole days (P3D, P1W), whole months (P1M) or clock time (PT24H, PT30M); not a mix',
  );

/** An age such as `P1Y` or `P6M`: calendar years and months too, since it bounds a date, not a legal limit. */
export const isoAge = z
  .string()
  .regex(/^P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/, 'an ISO 8601 duration such as P1Y, P6M or P90D');

const localDate = z.iso.date();
const chain = z.array(z.string().min(1)).min(1);

export const limitName = z.enum(limitNames);

export const category = z.enum(categories);
export type Category = z.infer<typeof category>;

export const track = z.enum(tracks);
export type Track = z.infer<typeof track>;

const limitDefaults: Partial<Record<LimitName, string>> = { ...remedyDefaults.limits, ...handoffDefaults.limits };
const stepDefaults: Partial<Record<LimitName, readonly string[]>> = { ...remedyDefaults.extensions, ...handoffDefaults.extensions };

// The remedies' and hand-offs' limits and extensions have the law's defaults, so policies written before them stay valid.
type DefaultedLimit = keyof typeof remedyDefaults.limits | keyof typeof handoffDefaults.limits;
const ordinaryLimits = z.strictObject({
  ...(Object.fromEntries(limitNames.filter((n) => !limitDefaults[n]).map((n) => [n, limitDuration])) as Record<
    Exclude<LimitName, DefaultedLimit>,
    typeof limitDuration
  >),
  ...(Object.fromEntries(Object.entries(limitDefaults).map(([n, d]) => [n, limitDuration.default(d)])) as Record<
    DefaultedLimit,
    z.ZodDefault<typeof limitDuration>
  >),
});
const fastLimits = z.strictObject(
  Object.fromEntries(limitNames.map((n) => [n, limitDuration.optional()])) as Record<LimitName, z.ZodOptional<typeof limitDuration>>,
);

const categoryLimits = z.strictObject({ ordinary: ordinaryLimits, fast: fastLimits.default({}) });

const extensionSteps = z.strictObject(
  Object.fromEntries(
    limitNames.map((n) => [n, stepDefaults[n] ? z.array(limitDuration).default([...stepDefaults[n]]) : z.array(limitDuration).optional()]),
  ) as Record<LimitName, z.ZodOptional<z.ZodArray<typeof limitDuration>>>,
);

export const severity = z.enum(['low', 'medium', 'high']);
export type Severity = z.infer<typeof severity>;

/**
 * The longest `when`. With no comprehension inside another's body (machines/models.ts), one evaluation visits each of
 * its nodes at most once per element of the largest collection it iterates, so length bounds what a model costs a
 * workflow task (docs/models.md: where evaluation runs). The shipped models stay under 200 characters.
 */
export const maxWhenLength = 1000;

const whenExpression = z
  .string()
  .min(1)
  .check((ctx) => {
    if (ctx.value.length <= maxWhenLength) return;
    // Where it grows too long, as line:column, the way the start-up check names a position in `when`.
    const lines = ctx.value.slice(0, maxWhenLength).split('\n');
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `at ${lines.length}:${lines[lines.length - 1]!.length + 1}: ${ctx.value.length} characters, more than the ${maxWhenLength} a model may have`,
    });
  });

/** An early-warning model (预警模型, contract section 8): data a legal officer writes, evaluated as CEL (docs/models.md). */
export const modelSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case id such as filing-not-decided'),
  name: z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }),
  severity,
  when: whenExpression,
  /**
   * The limit a warning of this model is about: a named one, or `each` to hold `when` against every running limit in
   * turn (bound as `limit`), one warning per limit that matches. Without it, the warning is about the case.
   */
  limit: z.union([limitName, z.literal('each')]).optional(),
  rectify: isoDuration.optional(),
  source: z.string().min(1).optional(),
});
export type Model = z.infer<typeof modelSchema>;

const uniqueIds = (models: Model[]) => new Set(models.map((m) => m.id)).size === models.length;

/** How long the reporter may ask for a remedy (contract section 12); windows, not limits: they never escalate. */
const remedyWindows = z.strictObject({
  reconsiderationWindow: isoDuration.default(remedyDefaults.windows.reconsiderationWindow),
  reviewWindow: isoDuration.default(remedyDefaults.windows.reviewWindow),
});

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const policySchema = z.strictObject({
  timezone: z.string().refine(validTimeZone, 'an IANA time zone such as Asia/Shanghai'),
  calendar: z
    .strictObject({
      holidays: z.array(localDate).default([]),
      workdays: z.array(localDate).default([]),
    })
    .default({ holidays: [], workdays: [] }),
  negativeList: z.array(z.string().min(1)).default([]),
  escalation: z
    .strictObject({
      // Sorted once here: the n-th warning of a limit is the n-th smallest fraction.
      warnAt: z.array(z.number().gt(0).lt(1)).default([]).transform((fractions) => [...fractions].sort((a, b) => a - b)),
      repeatOverdueEvery: isoDuration,
      /** The police chain (v1); `chains.police` may name it instead. */
      chain: chain.optional(),
      /** Each agency's limits escalate along its own chain (contract section 9). */
      chains: z.strictObject({ police: chain.optional(), procuratorate: chain.optional(), court: chain.optional() }).optional(),
    })
    .refine((e) => e.chain ?? e.chains?.police, { path: ['chain'], message: 'the police escalation chain (chain, or chains.police) is required' })
    .transform(({ chain: v1, chains, ...rest }) => {
      const police = chains?.police ?? v1!;
      return { ...rest, chain: police, chains: { police, procuratorate: chains?.procuratorate ?? police, court: chains?.court ?? police } };
    }),
  /** The other agencies' codes: a hand-off naming any other is refused (contract section 9). */
  orgs: z
    .strictObject({ procuratorates: z.array(unitCode).default([]), courts: z.array(unitCode).default([]) })
    .default({ procuratorates: [], courts: [] }),
  /** The quarterly sweep (季清积案) lists open cases reported longer ago than this; whole days count calendar days. */
  backlogAge: isoDuration.default('P90D'),
  /**
   * A report older than this is refused (400): a case backdated further would start with its limits long passed,
   * which only a bureau importing old files does, and it is not what a running case is for.
   */
  maxReportAge: isoAge.default('P1Y'),
  limits: z.strictObject({ criminal: categoryLimits, administrative: categoryLimits }),
  extensions: z
    .strictObject({ criminal: extensionSteps.prefault({}), administrative: extensionSteps.prefault({}) })
    .prefault({}),
  remedies: remedyWindows.prefault({}),
  models: z.array(modelSchema).default([]).refine(uniqueIds, 'model ids must be unique'),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
