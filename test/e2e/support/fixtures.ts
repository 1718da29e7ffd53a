import { randomUUID } from 'node:crypto';
import { Actor } from '@registry/kernel';
import { modelDecider, modelStreamId } from '@registry/domain';
import { CommandShell } from '../../../apps/registry-api/src/infrastructure/command-shell';
import { RunningRegistry } from './registry';

/** A weights (or report) digest made of one repeated hex character: `digest('1')` is `sha256:111…1`. */
export const digest = (c: string) => `sha256:${c.repeat(64)}`;
export const DAY = 86_400_000;
/** The instant `days` days from now (negative: ago), ISO-8601. */
export const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/**
 * Tokens for the demo catalog's parties: pearl-river-gen (pearl-chat's owner) and harbour-lending as firms, the
 * registrar, CAC as CN regulator, hkcb-demo (which certified pearl-chat 1.0 and creditscope 2.1 in the demo) and
 * cb-999 (which certified nothing of pearl-chat) as certifiers.
 */
export const demoTokens = async (registry: RunningRegistry) => ({
  owner: await registry.token('FIRM', 'pearl-admin', 'pearl-river-gen'),
  otherFirm: await registry.token('FIRM', 'harbour-admin', 'harbour-lending'),
  registrar: await registry.token('REGISTRAR', 'registrar-hk'),
  regulator: await registry.token('REGULATOR', 'cac', 'CN'),
  certifier: await registry.token('CERTIFIER', 'hkcb-demo', 'hkcb-demo'),
  otherCertifier: await registry.token('CERTIFIER', 'cb-999', 'cb-999'),
});
export type DemoTokens = Awaited<ReturnType<typeof demoTokens>>;

/**
 * Registers a further version of the demo's pearl-chat as its owner, through the command shell rather than the API
 * (the model mutations have their own suite): uncertified, with no records yet.
 */
export const registerPearlChatVersion = async (registry: RunningRegistry, version: string, weightsDigest: string) => {
  const owner: Actor = { subject: 'pearl-admin', role: 'FIRM', scope: 'pearl-river-gen' };
  const issuedAt = new Date().toISOString();
  await registry.app
    .get(CommandShell)
    .execute(
      modelStreamId('pearl-chat'),
      modelDecider,
      { type: 'RegisterModelVersion', data: { modelId: 'pearl-chat', version, weightsDigest }, actor: owner, issuedAt },
      { actor: owner, issuedAt, correlationId: randomUUID(), causationId: null, commandId: randomUUID() },
    );
};

/**
 * The input of a HIGH-risk lending certification of loanlens 1.0 (weights `digest('1')`) by hkcb-demo against the
 * demo's draft HK-AI, passing HK-AI-01 and HK-AI-04, valid from yesterday for a year; `over` replaces fields.
 */
export const lendingCertification = (certificationId: string, over: Record<string, unknown> = {}) => ({
  certificationId,
  certifierId: 'hkcb-demo',
  modelId: 'loanlens',
  modelVersion: '1.0',
  weightsDigest: digest('1'),
  frameworkVersion: '0.9-draft',
  scope: { useCases: ['lending'], riskTier: 'HIGH' },
  results: [
    { requirementId: 'HK-AI-01', result: 'PASS' },
    { requirementId: 'HK-AI-04', result: 'PASS' },
  ],
  auditReportDigest: digest('a'),
  validFrom: inDays(-1),
  validUntil: inDays(365),
  ...over,
});

/** The input of a FULL equivalence proposal HK-AI-05 → EU ART-12 (record-keeping), which the demo catalog does not hold. */
export const equivalenceProposal = (equivalenceId: string, over: Record<string, unknown> = {}) => ({
  equivalenceId,
  hk: { framework: 'HK-AI', version: '0.9-draft', requirementId: 'HK-AI-05' },
  foreign: { framework: 'EU-AI-ACT', version: '2024/1689-HR', requirementId: 'ART-12' },
  foreignJurisdiction: 'EU',
  strength: 'FULL',
  scope: { useCases: ['lending'] },
  effectiveFrom: '2026-06-01T00:00:00.000Z',
  ...over,
});

/**
 * The EU AI Office withdraws the demo's equivalence eq-hk02-eu-art50, on which pearl-chat 1.0's EU chatbot
 * readiness rests (it becomes NOT_READY).
 */
export const withdrawDemoEquivalenceHk02EuArt50 = async (registry: RunningRegistry) => {
  const euRegulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
  const withdrawn = await registry.gql(
    `mutation($input: WithdrawEquivalenceInput!) { withdrawEquivalence(input: $input) { status } }`,
    { input: { equivalenceId: 'eq-hk02-eu-art50', reason: 'review of watermarking rules' } },
    euRegulator,
  );
  expect(withdrawn.data.withdrawEquivalence.status).toBe('WITHDRAWN');
};
