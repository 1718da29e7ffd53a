import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { SandboxErrors, suiteVersionInForce } from '@registry/domain';
import { commandMetadata, RequestContext, RequestCtx } from '../graphql/request-context';
import { PublishSandboxSuiteInput, RequestSandboxRunInput, SandboxRunsArgs } from './sandbox.inputs';
import { SandboxService } from './sandbox.service';
import { SandboxSealService } from './sandbox-seal.service';
import { runView, suiteVersionView } from './sandbox.views';
import { SUITE_USE_CASES, SuiteVersion } from '@registry/domain';
import { SuiteKind } from '@registry/sandbox';
import { badInput } from '@registry/kernel';
import { parsePosition } from '@registry/event-store';
import { decodeCursor, encodeCursor, forwardPage, pageSize } from '../graphql/pagination';
import { RunKey } from './sandbox-open-runs.projection';

/** A run's cursor: its request's log position. A cursor of another form was not one this API returned. */
const runCursor = (key: RunKey) => encodeCursor(`${key.transactionId}.${key.globalPosition}`);
const runKeyOf = (after: string | null | undefined): RunKey | undefined => {
  const text = decodeCursor(after);
  if (text === undefined) return undefined;
  const position = parsePosition(text);
  if (!position) throw badInput('INPUT.INVALID_CURSOR', 'after is not a cursor this API returned', { field: 'after' });
  return { transactionId: position.transactionId.toString(), globalPosition: position.globalPosition.toString() };
};

const suiteView = (id: SuiteKind, versions: readonly SuiteVersion[]) => {
  const inForce = suiteVersionInForce(versions, new Date().toISOString());
  return { id, useCases: [...SUITE_USE_CASES[id]], versions: versions.map(suiteVersionView), versionInForce: inForce ? suiteVersionView(inForce) : null };
};

/** The sandbox over GraphQL: suites (public), runs (public, the endpoint restricted), publishing and requesting. */
@Resolver('SandboxRun')
export class SandboxResolver {
  constructor(
    private readonly sandbox: SandboxService,
    private readonly seals: SandboxSealService,
  ) {}

  @Query('sandboxSealCredential')
  seal(@Args('runId') runId: string) {
    if (runId.length > 64) throw SandboxErrors.runNotFound(runId);
    return this.seals.issue(runId);
  }

  @Query('sandboxSuites')
  async suites() {
    return (await this.sandbox.suites()).map((s) => suiteView(s.id, s.versions));
  }

  @Query('sandboxSuite')
  async suite(@Args('id') id: string) {
    const state = await this.sandbox.suite(id);
    return state.status === 'PUBLISHED' ? suiteView(state.suiteId, state.versions) : null;
  }

  @Query('sandboxRun')
  async run(@Args('id') id: string, @RequestCtx() ctx: RequestContext) {
    if (id.length > 64) return null;
    const run = await this.sandbox.run(id);
    return run ? runView(run, ctx.actor) : null;
  }

  /** A model version's runs, newest first, from the sandbox runs read model; each shown as `sandboxRun` shows it. */
  @Query('sandboxRuns')
  async runs(@Args() args: SandboxRunsArgs, @RequestCtx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const after = runKeyOf(args.after);
    const { runs, before, total } = await this.sandbox.runsOf(args.modelId, args.version, first + 1, after);
    const { page, pageInfo } = forwardPage(runs, first, (r) => `${r.key.transactionId}.${r.key.globalPosition}`, before);
    return { edges: page.map((r) => ({ cursor: runCursor(r.key), node: runView(r.facts, ctx.actor) })), pageInfo, totalCount: total };
  }

  @ResolveField('progress')
  progress(@Parent() run: { id: string }) {
    return this.sandbox.runner.progress(run.id);
  }

  @Mutation('publishSandboxSuite')
  async publish(@Args('input') input: PublishSandboxSuiteInput, @RequestCtx() ctx: RequestContext) {
    return suiteVersionView(await this.sandbox.publishSuite(input, commandMetadata(ctx, input.idempotencyKey)));
  }

  @Mutation('requestSandboxRun')
  async request(@Args('input') input: RequestSandboxRunInput, @RequestCtx() ctx: RequestContext) {
    const runId = await this.sandbox.requestRun(input, commandMetadata(ctx, input.idempotencyKey));
    return runView((await this.sandbox.run(runId))!, ctx.actor);
  }
}
