import { celEnv, isCelError, parse, plan, type CelResult } from '@bufbuild/cel';
import type { Model } from '../contracts/policy';
import type { LimitName } from '../contracts/vocabulary';
import type { CaseContext, DeadlineState } from './case-context';
import { limitFacts, modelFacts, sampleFacts, sampleLimit, type LimitFacts, type ModelFacts } from './model-facts';

type Facts = ModelFacts & { limit?: LimitFacts };
type Compiled = { model: Model; run: (facts: Facts) => CelResult; position: (exprId: bigint | undefined) => string };

/** A model that holds: the limit it is about, if any, and when the condition began. */
export type Hit = { model: Model; limit: LimitName | null; since: string };
/** A model that failed on this case: counted and logged by the workflow, the case goes on without it. */
export type ModelFailure = { model: string; message: string };

// Only the standard CEL functions, no extension library; with `when` at most maxWhenLength characters and no
// comprehension nested in another's body, an evaluation is bounded (docs/models.md). Made on first use: a case
// without models never touches the library.
let env: ReturnType<typeof celEnv> | undefined;

type Expr = ReturnType<typeof parse>['expr'];

/**
 * How deep comprehensions (`all`, `exists`, `exists_one`, `map`, `filter`) may nest in one another's body: 1, none
 * inside another. Each level multiplies the work by the size of what it iterates (30 event types, say), so a
 * second level would make an expression of fixed length cost n² per evaluation, inside a workflow task.
 */
export const maxComprehensionDepth = 1;

/** The sub-expressions of `expr`, each with whether it is evaluated once per element of a comprehension. */
function children(expr: Expr): Array<[Expr | undefined, boolean]> {
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'selectExpr':
      return [[kind.value.operand, false]];
    case 'callExpr':
      return [kind.value.target, ...kind.value.args].map((e) => [e, false]);
    case 'listExpr':
      return kind.value.elements.map((e) => [e, false]);
    case 'structExpr':
      return kind.value.entries.flatMap((e) => [[e.keyKind.case === 'mapKey' ? e.keyKind.value : undefined, false], [e.value, false]]);
    case 'comprehensionExpr': {
      const c = kind.value;
      // The range, the initial value and the result are evaluated once; the condition and the step once per element.
      return [[c.iterRange, false], [c.accuInit, false], [c.result, false], [c.loopCondition, true], [c.loopStep, true]];
    }
    default:
      return [];
  }
}

/** The first comprehension nested deeper than maxComprehensionDepth, or undefined. */
function nestedTooDeep(expr: Expr | undefined, depth = 0): Expr | undefined {
  if (!expr) return undefined;
  const level = expr.exprKind.case === 'comprehensionExpr' ? depth + 1 : depth;
  if (level > maxComprehensionDepth) return expr;
  for (const [child, inBody] of children(expr)) {
    const found = nestedTooDeep(child, inBody ? level : depth);
    if (found) return found;
  }
  return undefined;
}

/** Line and column (1-based) of an offset in the expression, as a CEL parse error gives them. */
function positionOf(source: string, offset: number | undefined): string {
  if (offset === undefined) return '1:1';
  const before = source.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

function compile(model: Model, parsed = parse(model.when)): Compiled {
  const offsets = parsed.sourceInfo?.positions ?? {};
  return {
    model,
    run: plan((env ??= celEnv()), parsed) as (facts: Facts) => CelResult,
    position: (exprId) => positionOf(model.when, exprId === undefined ? undefined : offsets[String(exprId)]),
  };
}

/**
 * Why a model cannot be used, at which position of `when`, or null. It must parse, nest no comprehension in another's
 * body, and on facts where every field is present and of its type it must evaluate without error to a bool:
 * @bufbuild/cel 0.6 has no type checker of its own for calls yet, so evaluation over typed facts is the check.
 */
export function modelProblem(model: Model): { position: string; message: string } | null {
  let parsed: ReturnType<typeof parse>;
  let compiled: Compiled;
  try {
    parsed = parse(model.when);
    compiled = compile(model, parsed);
  } catch (err) {
    const message = (err as Error).message;
    const at = /<input>:(\d+):(\d+): (.*)/s.exec(message);
    return at ? { position: `${at[1]}:${at[2]}`, message: at[3]!.trim() } : { position: '1:1', message };
  }
  const nested = nestedTooDeep(parsed.expr);
  if (nested) {
    const message = `a comprehension inside another's body (at most ${maxComprehensionDepth} deep): each level multiplies the cost by the size of what it iterates`;
    return { position: compiled.position(nested.id), message };
  }
  const result = compiled.run(model.limit === 'each' ? { ...sampleFacts(), limit: sampleLimit } : sampleFacts());
  if (isCelError(result)) return { position: compiled.position(result.exprId), message: result.message };
  if (typeof result !== 'boolean') return { position: '1:1', message: `returns ${typeof result === 'bigint' ? 'int' : typeof result}, not bool` };
  return null;
}

/**
 * Plans by model set. A case's models change only when a new set reaches it, and a workflow instance evaluates its
 * modules afresh, so the cache holds the sets of the cases this instance has seen (one, mostly).
 */
const plans = new WeakMap<readonly Model[], Compiled[]>();

function compiledSet(models: readonly Model[]): Compiled[] {
  let set = plans.get(models);
  if (!set) {
    // A model that no longer parses never reaches a case (start-up refuses it); this keeps a case whose carried
    // models predate a stricter parser running, as a failure of that model on every evaluation.
    set = models.map((m) => {
      try {
        return compile(m);
      } catch (err) {
        const message = (err as Error).message;
        return { model: m, run: () => { throw new Error(message); }, position: () => '1:1' };
      }
    });
    plans.set(models, set);
  }
  return set;
}

/** When the trouble of a limit began: its due once overdue, its warning once at risk, otherwise now. */
function troubleSince(ctx: CaseContext, d: DeadlineState | undefined, at: string): string {
  if (!d || d.status === 'met') return at;
  if (d.status === 'overdue') return d.dueAt;
  return ctx.escalations.find((e) => e.limit === d.limit && e.level === 'warning' && e.dueAt === d.dueAt)?.raisedAt ?? at;
}

/** Every model of the set held against the case at `at`: those that hold, and those that failed. */
export function evaluateModels(models: readonly Model[], ctx: CaseContext, stage: string, at: string): { hits: Hit[]; failures: ModelFailure[] } {
  const facts = modelFacts(ctx, stage, at);
  const hits: Hit[] = [];
  const failures: ModelFailure[] = [];
  const holds = (c: Compiled, bound: Facts): boolean => {
    let result: CelResult;
    try {
      result = c.run(bound);
    } catch (err) {
      result = err as CelResult;
    }
    if (result === true || result === false) return result;
    const message = isCelError(result) ? `${result.message} at ${c.position(result.exprId)}` : `returned ${String(result)}, not bool`;
    failures.push({ model: c.model.id, message });
    return false;
  };
  for (const c of compiledSet(models)) {
    const { limit } = c.model;
    if (limit === 'each') {
      for (const d of ctx.deadlines) {
        if (d.status !== 'met' && holds(c, { ...facts, limit: limitFacts(d, at) })) {
          hits.push({ model: c.model, limit: d.limit, since: troubleSince(ctx, d, at) });
        }
      }
    } else if (holds(c, facts)) {
      const d = limit ? [...ctx.deadlines].reverse().find((x) => x.limit === limit) : undefined;
      // About the case, not a limit: as the v1 rules said, it has been so since the case's last event. A condition
      // of time alone (the case's age) began later than that; the warning cannot know when, and says the event.
      const since = limit ? troubleSince(ctx, d, at) : ctx.lastEventAt;
      hits.push({ model: c.model, limit: limit ?? null, since });
    }
  }
  return { hits, failures };
}

/**
 * A short id of a model set, equal for equal sets (FNV-1a over its JSON): the rollout compares the id a case
 * keeps in its memo with the deployment's. Cases started before models hold the v1 rules: `v1`.
 */
export function modelSetId(models: readonly Model[] | undefined): string {
  if (!models) return 'v1';
  let hash = 0x811c9dc5;
  const json = JSON.stringify(models);
  for (let i = 0; i < json.length; i += 1) {
    hash ^= json.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${models.length}-${hash.toString(16).padStart(8, '0')}`;
}
