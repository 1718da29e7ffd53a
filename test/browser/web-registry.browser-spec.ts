import { mkdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { RunningRegistry } from '../e2e/support/registry';
import { TestRegulatorKey } from '../e2e/support/regulator-keys';
import { launchChromium, type Browser } from './support/chromium';

/**
 * The public web registry (apps/web) in Debian's Chromium, against one registry with the demo catalog, booted once
 * for the whole file. `SCREENSHOTS_DIR=docs/screenshots` (npm run screenshots) also saves the main pages as PNG.
 */
jest.setTimeout(120_000);

let registry: RunningRegistry;
let browser: Browser;
let base: string;
let page: Page;

const SCREENSHOTS = process.env.SCREENSHOTS_DIR;
const screenshot = async (name: string) => {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};

/** axe-core in the page: WCAG 2.1 A and AA rules; a serious or critical violation fails the test. */
const seriousViolations = async () => {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};

const open = async (path: string) => {
  await page.goto(base + path);
  await page.getByRole('heading', { level: 1 }).waitFor();
};

/**
 * The demo catalog has a READY and a NOT_READY verdict but no CONDITIONAL one (every jurisdiction with a PARTIAL
 * equivalence also has gaps). One is made through the public API as the actors would: the registrar publishes a
 * one-requirement JP framework and proposes a PARTIAL equivalence from HK-AI-02 (which Pearl Chat passed), and
 * the JP regulator countersigns it with its registered key. Pearl Chat 1.0 for a JP chatbot is then CONDITIONAL.
 */
const makeConditionalCase = async () => {
  const registrar = await registry.token('REGISTRAR', 'registrar-hk');
  const hkVersion = (await registry.gql(`{ certification(id: "pearl-chat-1-0-hkai") { frameworkVersion } }`)).data.certification.frameworkVersion;
  const published = await registry.gql(
    `mutation($input: PublishFrameworkInput!) { publishFramework(input: $input) { id } }`,
    {
      input: {
        frameworkId: 'JP-AI-GUIDE',
        version: '1.0',
        jurisdiction: 'JP',
        title: 'AI guidelines for business (test)',
        effectiveFrom: '2025-01-01T00:00:00Z',
        requirements: [{ id: 'JP-RISK', title: 'Risk management across the life cycle', appliesWhen: {} }],
      },
    },
    registrar,
  );
  expect(published.errors).toBeUndefined();
  const proposed = await registry.gql(
    `mutation($input: ProposeEquivalenceInput!) { proposeEquivalence(input: $input) { id } }`,
    {
      input: {
        equivalenceId: 'eq-hk02-jp-risk',
        hk: { framework: 'HK-AI', version: hkVersion, requirementId: 'HK-AI-02' },
        foreign: { framework: 'JP-AI-GUIDE', version: '1.0', requirementId: 'JP-RISK' },
        foreignJurisdiction: 'JP',
        strength: 'PARTIAL',
        conditions: [{ id: 'C1', text: 'A risk register kept in Japanese for the deployment' }],
        scope: { useCases: ['chatbot'] },
        effectiveFrom: '2025-01-01T00:00:00Z',
        illustrative: true,
      },
    },
    registrar,
  );
  expect(proposed.errors).toBeUndefined();
  const key = await TestRegulatorKey.generate();
  await key.register(registry, 'JP', registrar);
  const countersigned = await registry.gql(
    `mutation($input: CountersignEquivalenceInput!) { countersignEquivalence(input: $input) { status } }`,
    { input: { equivalenceId: 'eq-hk02-jp-risk', jws: await key.signEquivalence(registry, 'eq-hk02-jp-risk') } },
    await registry.token('REGULATOR', 'regulator-jp', 'JP'),
  );
  expect(countersigned.data?.countersignEquivalence.status).toBe('IN_FORCE');
};

beforeAll(async () => {
  registry = await RunningRegistry.start({ seedDemo: true });
  base = registry.url.replace(/\/graphql$/, '');
  await makeConditionalCase();
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
});

/** Whatever the test, the page logged no error (a failed request, a React warning, a CSP refusal). */
const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await registry?.stop();
});

describe('served by the app at /', () => {
  const get = (path: string, accept: string) => fetch(base + path, { headers: { accept } });

  it('answers the app for a browser at / and on its routes, and leaves the API and operations endpoints alone', async () => {
    for (const path of ['/', '/certifications/pearl-chat-1-0-hkai', '/explain', '/recognitions/EU']) {
      const r = await get(path, 'text/html');
      expect([path, r.status, r.headers.get('content-type')]).toEqual([path, 200, expect.stringContaining('text/html')]);
      expect(await r.text()).toMatch(
        /<div id="root"><\/div>[\s\S]*<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">|<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">[\s\S]*<div id="root">/,
      );
    }
    // A program asking for JSON at / still gets the home controller's links.
    const home = await get('/', 'application/json');
    expect(((await home.json()) as { links: Record<string, string> }).links).toHaveProperty('/graphql');
    // GET /graphql: a query (CSRF prevention wants the preflight header) is answered by Apollo, not the app.
    const query = await fetch(`${base}/graphql?query=${encodeURIComponent('{ status { store } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await query.json()).toEqual({ data: { status: { store: 'pglite' } } });
    // A browser asking for the operations and verification endpoints gets them, never the app.
    for (const path of ['/health/live', '/health/ready', '/metrics', '/.well-known/jwks.json', '/status/revocation/1', '/log/checkpoint']) {
      const r = await get(path, 'text/html');
      expect([path, await r.text()]).toEqual([path, expect.not.stringContaining('<div id="root">')]);
    }
    expect((await get('/.well-known/jwks.json', 'text/html')).headers.get('content-type')).toContain('application/jwk-set+json');
    expect(await (await get('/metrics', 'text/html')).text()).toContain('# TYPE');
    // An unknown path: Nest's 404 for a program, the app's "page not found" (404) for a browser.
    expect((await get('/no-such-page', '*/*')).status).toBe(404);
    const unknown = await get('/no-such-page', 'text/html');
    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([404, expect.stringContaining('text/html')]);
  });

  it('caches the hashed assets for a year and index.html never; its CSP lets only the page’s own scripts run', async () => {
    const html = await (await get('/', 'text/html')).text();
    const script = html.match(/src="(\/assets\/index-[\w-]+\.js)"/)![1];
    const asset = await fetch(base + script);
    expect([asset.status, asset.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    const index = await get('/explain', 'text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect((await fetch(`${base}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
  });
});

describe('first load', () => {
  it('downloads less than 200 KB of JavaScript, gzipped, before any interaction', async () => {
    const html = await (await fetch(base + '/', { headers: { accept: 'text/html' } })).text();
    // The entry script and whatever it preloads; lazily loaded pages (the verifier) are not part of the first load.
    const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = await Promise.all(scripts.map(async (path) => gzipSync(Buffer.from(await (await fetch(base + path)).arrayBuffer()), { level: 9 }).length));
    const total = gzipped.reduce((a, b) => a + b, 0);
    process.stderr.write(`first-load JavaScript: ${scripts.join(', ')}: ${(total / 1024).toFixed(1)} KB gzipped\n`);
    expect(total).toBeLessThan(200 * 1024);
    // Served as built: what the test measured is what `vite build` wrote.
    expect(html).toBe(readFileSync(join(__dirname, '..', '..', 'dist', 'web', 'index.html'), 'utf8'));
  });
});

describe('in the browser', () => {
  it('searches certifications: all, by status and firm, and page by page', async () => {
    await open('/');
    const rows = page.locator('table.results tbody tr');
    await rows.first().waitFor();
    expect(await rows.locator('th').allInnerTexts()).toEqual(['creditscope-2-1-hkai', 'pearl-chat-1-0-hkai']);
    await expect(page.getByRole('heading', { name: /Results · 2 certifications/ }).count()).resolves.toBe(1);
    expect(await seriousViolations()).toEqual([]);
    await screenshot('search');

    await page.getByLabel('Firm').selectOption('harbour-lending');
    await page.getByLabel('Status').selectOption('ACTIVE');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/firm=harbour-lending/);
    await page.getByText('1 certification', { exact: false }).waitFor();
    expect(await rows.locator('th').allInnerTexts()).toEqual(['creditscope-2-1-hkai']);

    await page.getByLabel('Status').selectOption('REVOKED');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('No certification matches these filters.').waitFor();

    // Paging with the API's cursors, one certification a page.
    await open('/?size=1');
    await page.getByText('Page 1').waitFor();
    expect(await rows.locator('th').allInnerTexts()).toEqual(['creditscope-2-1-hkai']);
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2').waitFor();
    await page.locator('table.results tbody th', { hasText: 'pearl-chat-1-0-hkai' }).waitFor();
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.locator('table.results tbody th', { hasText: 'creditscope-2-1-hkai' }).waitFor();

    // The HK-AI framework version is a filter of the query: exact over the whole result, pages and count included.
    const hkVersion = (await registry.gql(`{ certification(id: "pearl-chat-1-0-hkai") { frameworkVersion } }`)).data.certification.frameworkVersion;
    await open('/?size=1');
    await page.getByLabel('HK-AI framework version').selectOption(hkVersion);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(new RegExp(`framework=${hkVersion.replace(/\./g, '\\.')}`));
    await page.getByRole('heading', { name: /Results · 2 certifications/ }).waitFor();
    expect(await rows.locator('th').allInnerTexts()).toEqual(['creditscope-2-1-hkai']);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.locator('table.results tbody th', { hasText: 'pearl-chat-1-0-hkai' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain('page shown');
    // A version no certification was issued against (a shared address): none, and the count says so.
    await open('/?framework=0.1');
    await page.getByText('No certification matches these filters.').waitFor();
    await page.getByRole('heading', { name: /Results · 0 certifications/ }).waitFor();
    expect(await seriousViolations()).toEqual([]);
  });

  it('opens a certification from the search: status in words, scope, validity, certifier, restricted digest, history', async () => {
    await open('/');
    await page.getByRole('link', { name: 'creditscope-2-1-hkai' }).click();
    await page.getByRole('heading', { level: 1, name: 'Certification creditscope-2-1-hkai' }).waitFor();
    // Focus moved to the new page's content, as a page load would.
    expect(await page.locator('main').evaluate((main) => main === main.ownerDocument.activeElement)).toBe(true);
    expect(await page.getByTestId('certification-status').innerText()).toBe('Active');
    const text = await page.locator('main').innerText();
    expect(text).toContain('This certification is in force');
    expect(text).toContain('lending');
    expect(text).toContain('High risk');
    expect(text).toContain('HK Certification Body (demo)');
    expect(text).toContain('Restricted: shown only to');
    // Anonymous: the weights digest is public, the audit report's is not.
    expect(text).toMatch(/Audit-report digest\s+Restricted/);
    expect(text.match(/sha256:[0-9a-f]{64}/g)).toHaveLength(1);
    expect(await page.locator('ol.timeline li').count()).toBeGreaterThanOrEqual(1);
    // Events in words, never their code names.
    expect(await page.locator('ol.timeline li').first().innerText()).toContain('Certification issued');
    expect(await page.locator('ol.timeline').innerText()).not.toMatch(/[a-z][A-Z]/);
    expect(await seriousViolations()).toEqual([]);
    await screenshot('certification');

    await page.getByRole('link', { name: 'creditscope', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Model CreditScope (demo)' }).waitFor();
    const model = await page.locator('main').innerText();
    expect(model).toMatch(/sha256:[0-9a-f]{64}/);
    await page.getByText('Hosted in HK').waitFor();
    const history = await page.getByRole('list', { name: 'History' }).innerText();
    expect(history).toContain('Model registered');
    expect(history).toContain('Model version registered');
    expect(history).not.toMatch(/ModelRegistered|ModelVersionRegistered/);
    expect(await seriousViolations()).toEqual([]);
  });

  it('verifies the certification’s credential in the browser, and refuses it once tampered with', async () => {
    await open('/certifications/pearl-chat-1-0-hkai');
    await page.getByRole('button', { name: 'Get a signed credential' }).click();
    const jws = await page.getByTestId('credential-jws').inputValue();
    expect(jws.split('.')).toHaveLength(3);
    await page.getByRole('link', { name: 'Verify this credential' }).click();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('verify-outcome').waitFor();
    expect(await page.getByTestId('verify-outcome').innerText()).toBe('The credential is valid.');
    const checks = page.getByTestId('verify-check');
    expect(await checks.evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.textContent, r.getAttribute('data-ok')]))).toEqual([
      ['Signature', 'true'],
      ['Validity period', 'true'],
      ['Not revoked', 'true'],
      ['Not suspended', 'true'],
    ]);
    expect(await seriousViolations()).toEqual([]);

    // One byte of the payload changed: the signature no longer holds.
    const [header, payload, signature] = jws.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.credentialSubject.modelVersion = '9.9';
    await page.getByLabel('Credential (compact JWS)').fill([header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.'));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('The credential is NOT valid.').waitFor();
    expect(await page.locator('[data-testid="verify-check"][data-ok="false"] th').allInnerTexts()).toEqual(['Signature']);
  });

  describe('explains a verdict, requirement by requirement', () => {
    it('READY: Pearl Chat 1.0, EU, chatbot, chosen in the form', async () => {
      await open('/explain');
      await page.getByLabel('Model version').selectOption('pearl-chat@1.0');
      await page.getByLabel('Jurisdiction').selectOption('EU');
      await page.getByLabel('Use case').selectOption('chatbot');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByTestId('verdict-status').waitFor();
      expect(await page.getByTestId('verdict-status').innerText()).toBe('Ready');
      const lines = page.getByTestId('readiness-line');
      expect(await lines.count()).toBe(1);
      const line = await lines.first().innerText();
      expect(line).toContain('ART-50');
      expect(line).toContain('Satisfied');
      expect(line).toContain('Met through a full equivalence');
      expect(line).toMatch(/HK-AI-\d+ through equivalence eq-/);
      expect(await page.getByTestId('verdict-valid-until').innerText()).toMatch(/2027/);
      expect(await seriousViolations()).toEqual([]);
    });

    it('CONDITIONAL: the JP chatbot, with the condition still to evidence', async () => {
      await open('/explain?model=pearl-chat&version=1.0&jurisdiction=JP&useCase=chatbot');
      await page.getByTestId('verdict-status').waitFor();
      expect(await page.getByTestId('verdict-status').innerText()).toBe('Conditional');
      const line = await page.getByTestId('readiness-line').innerText();
      expect(line).toContain('JP-RISK');
      expect(line).toContain('some of its conditions are not evidenced yet');
      expect(line).toContain('HK-AI-02 through equivalence eq-hk02-jp-risk');
      expect(line).toContain('C1 A risk register kept in Japanese for the deployment');
      expect(await seriousViolations()).toEqual([]);
    });

    it('Hong Kong itself: chosen from the list, its HK-AI lines met directly by the certification', async () => {
      await open('/explain');
      const choices = await page
        .getByLabel('Jurisdiction')
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
      expect(choices.filter(Boolean)[0]).toBe('HK');
      await page.getByLabel('Model version').selectOption('pearl-chat@1.0');
      await page.getByLabel('Jurisdiction').selectOption('HK');
      await page.getByLabel('Use case').selectOption('chatbot');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByTestId('verdict-status').waitFor();
      const byCertification = page.getByTestId('readiness-line').filter({ hasText: 'Met directly by the HK-AI certification' });
      expect(await byCertification.count()).toBeGreaterThan(0);
      expect(await byCertification.first().innerText()).toMatch(/HK-AI-\d+/);
      expect(await seriousViolations()).toEqual([]);
    });

    it('NOT_READY: CreditScope 2.1 for EU lending once the high-risk articles apply (a date given), with its gaps', async () => {
      await open('/explain?model=creditscope&version=2.1&jurisdiction=EU&useCase=lending&date=2027-12-15');
      await page.getByTestId('verdict-status').waitFor();
      expect(await page.getByTestId('verdict-status').innerText()).toBe('Not ready');
      const statuses = await page
        .getByTestId('readiness-line')
        .evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.querySelector('strong')!.textContent, r.getAttribute('data-status')])));
      expect(statuses).toMatchObject({ 'ART-9': 'SATISFIED', 'ART-10': 'CONDITIONAL', 'ART-11': 'GAP' });
      const art11 = await page.getByTestId('readiness-line').filter({ hasText: 'ART-11' }).innerText();
      expect(art11).toContain('Gap');
      expect(await seriousViolations()).toEqual([]);
      await screenshot('explainer');
    });
  });

  it('lists what a jurisdiction recognises on a date, FULL or PARTIAL, countersigned when; and a framework’s requirements', async () => {
    await open('/recognitions');
    await page.getByLabel('Jurisdiction').selectOption('EU');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/recognitions\/EU$/);
    await page.getByTestId('recognition').first().waitFor();
    const rows = await page.getByTestId('recognition').allInnerTexts();
    expect(rows.some((r) => r.includes('Full'))).toBe(true);
    expect(rows.some((r) => r.includes('Partial'))).toBe(true);
    expect(await page.locator('main').innerText()).toMatch(/HK-AI requirements recognised: HK-AI-\d+/);
    expect(await seriousViolations()).toEqual([]);
    await screenshot('recognitions');

    await open('/frameworks');
    await page.getByRole('link', { name: 'EU-AI-ACT' }).click();
    await page.getByRole('heading', { level: 1, name: /EU-AI-ACT/ }).waitFor();
    expect(await page.locator('main').innerText()).toContain('ART-50');
    expect(await seriousViolations()).toEqual([]);
  });

  it('shows the public-sector AI audit baseline on a date, in both languages: the GraphQL numbers, charts with text alternatives, the exports', async () => {
    await open('/');
    await page.getByRole('link', { name: 'Public-sector AI audits' }).click();
    await page.getByRole('heading', { level: 1, name: 'Public-sector AI audit baseline' }).waitFor();
    await page.getByLabel(/On date/).fill('2027-06-30');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/public-sector\?date=2027-06-30$/);
    await page.getByTestId('baseline-table').waitFor();
    // The page asks for the instant the day starts in the reader's zone (the browser runs in Hong Kong's); the export
    // links carry the same instant.
    const csvHref = (await page.getByTestId('baseline-csv').getAttribute('href'))!;
    const asOf = new URL(csvHref, base).searchParams.get('asOf')!;
    expect(asOf).toBe('2027-06-29T16:00:00.000Z');
    const answer = (
      await registry.gql(
        `query($asOf: DateTime) { publicSectorBaseline(asOf: $asOf) {
          overall { registered audited inProgress overdue notStarted highStakes findingsByRisk { low medium high critical } }
          bureaus { bureau counts { registered audited inProgress overdue notStarted highStakes findingsByRisk { low medium high critical } } }
          systems { systemId standing } } }`,
        { asOf },
      )
    ).data.publicSectorBaseline;
    type Counts = {
      registered: number;
      audited: number;
      inProgress: number;
      overdue: number;
      notStarted: number;
      highStakes: number;
      findingsByRisk: Record<string, number>;
    };
    const expected = (bureau: string, c: Counts) => ({
      bureau,
      registered: String(c.registered),
      audited: String(c.audited),
      inProgress: String(c.inProgress),
      overdue: String(c.overdue),
      notStarted: String(c.notStarted),
      highStakes: String(c.highStakes),
      low: String(c.findingsByRisk.low),
      medium: String(c.findingsByRisk.medium),
      high: String(c.findingsByRisk.high),
      critical: String(c.findingsByRisk.critical),
    });
    const shown = await page.getByTestId('baseline-row').evaluateAll((rows) =>
      rows.map((r) => ({
        bureau: r.querySelector('th')!.textContent,
        ...Object.fromEntries(
          [...r.querySelectorAll('td[data-key]')]
            .filter((td) => td.getAttribute('data-key') !== 'highStakesShare')
            .map((td) => [td.getAttribute('data-key'), td.textContent]),
        ),
      })),
    );
    expect(shown).toEqual([
      ...answer.bureaus.map((b: { bureau: string; counts: Counts }) => expected(b.bureau, b.counts)),
      expected('All bureaus', answer.overall),
    ]);
    // The demo campaign is due 90 days after seeding: by mid-2027 its unfinished system is overdue.
    expect(answer.overall.registered).toBe(3);
    expect(answer.overall.overdue).toBeGreaterThan(0);
    expect(
      await page.getByTestId('baseline-system').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.textContent, r.getAttribute('data-standing')])),
    ).toEqual(answer.systems.map((s: { systemId: string; standing: string }) => [s.systemId, s.standing]));
    // Each chart is an image named by its title, described by a sentence per bar.
    const chart = page.getByRole('img', { name: 'Audit standing by bureau' });
    expect(await chart.getAttribute('aria-labelledby')).toBe('chart-standings-title chart-standings-desc');
    expect(await page.locator('#chart-standings-desc').textContent()).toContain(`All bureaus: 3 registered, ${answer.overall.audited} audited`);
    expect(await page.getByRole('img', { name: 'Share of high-stakes systems by bureau' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Findings of the audited systems, by risk' }).count()).toBe(1);
    expect(await seriousViolations()).toEqual([]);
    await screenshot('public-sector');
    // The exports, fetched as a browser following the link would (asking for HTML): the registry's CSV, not the app.
    const csv = await fetch(base + csvHref, { headers: { accept: 'text/html,*/*' } });
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/csv')]);
    expect(await csv.text()).toContain('OVERALL');
    const json = await fetch(base + (await page.getByTestId('baseline-json').getAttribute('href'))!, { headers: { accept: 'text/html,*/*' } });
    expect(((await json.json()) as { overall: { registered: number } }).overall.registered).toBe(3);

    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: '公營機構人工智能審核基線' }).waitFor();
    expect(await page.getByTestId('baseline-row').last().locator('th').innerText()).toBe('所有部門');
    expect(await page.getByRole('img', { name: '各部門的審核狀況' }).count()).toBe(1);
    expect(await seriousViolations()).toEqual([]);
    await screenshot('public-sector-zh-Hant');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: 'Public-sector AI audit baseline' }).waitFor();
  });

  it('shows each model version’s training-data provenance: sources, legal basis, digests; origin restricted', async () => {
    await open('/models/pearl-chat');
    const sources = page.getByTestId('provenance-source');
    await sources.first().waitFor();
    const rows = await sources.allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Chinese web text 2025 (demo)');
    expect(rows[0]).toContain('Text-and-data-mining exception');
    expect(rows[1]).toContain('Consent of the persons concerned');
    for (const row of rows) {
      expect(row).toMatch(/sha256:[0-9a-f]{64}/);
      expect(row).toContain('Restricted');
    }
    const text = await page.locator('main').innerText();
    expect(text).toContain('matches this version');
    // Anonymous: where the data came from and the basis reference are not in the page.
    expect(text).not.toContain('Pearl River support platform');
    expect(text).not.toContain('file support-logs');
    expect(await seriousViolations()).toEqual([]);
  });

  it('shows each model version’s sandbox runs: outcome in words, failing checks named, weights; older runs paged; in both languages', async () => {
    await open('/models/creditscope');
    const runs = page.getByTestId('sandbox-run');
    await runs.first().waitFor();
    // The demo ran the proxy-biased model, then the fair one: newest first.
    const rows = await runs.allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(await page.getByTestId('sandbox-outcome').allInnerTexts()).toEqual(['Passed', 'Failed']);
    for (const row of rows) {
      expect(row).toContain('Lending, version demo-1');
      expect(row).toContain('Predictions uploaded by the firm');
      expect(row).toMatch(/sha256:[0-9a-f]{64}/);
      expect(row).toContain('matches this version');
      expect(row).toMatch(/Requested .*\d{4}/);
    }
    expect(rows[0]).toContain('Every threshold judged was met.');
    expect(rows[1]).toContain('Thresholds not met:');
    expect(rows[1]).toMatch(/Lowest selection rate of a group over the highest \(four-fifths rule\), by sex: 0\.\d+ \(must be at least 0\.8\)/);
    expect(rows[1]).not.toContain('DISPARATE_IMPACT_RATIO');
    expect(await page.getByText('2 of 2 runs shown').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Show older runs' }).count()).toBe(0);
    expect(await seriousViolations()).toEqual([]);
    await screenshot('model');

    // Five runs a page: four more requests (waiting for predictions) push the failing run to a second page.
    const owner = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    const digest = (await registry.gql(`{ model(id: "creditscope") { versions { version weightsDigest } } }`)).data.model.versions.find(
      (v: { version: string }) => v.version === '2.1',
    ).weightsDigest;
    for (let i = 0; i < 4; i++) {
      const r = await registry.gql(
        `mutation($input: RequestSandboxRunInput!) { requestSandboxRun(input: $input) { id } }`,
        { input: { modelId: 'creditscope', modelVersion: '2.1', weightsDigest: digest, suiteId: 'lending', mode: 'UPLOAD' } },
        owner,
      );
      expect(r.errors).toBeUndefined();
    }
    await open('/models/creditscope');
    await page.getByText('5 of 6 runs shown').waitFor();
    expect(await page.getByTestId('sandbox-outcome').allInnerTexts()).toEqual([...Array(4).fill('Waiting for predictions'), 'Passed']);
    await page.getByRole('button', { name: 'Show older runs' }).click();
    await page.getByText('6 of 6 runs shown').waitFor();
    expect((await page.getByTestId('sandbox-outcome').allInnerTexts()).slice(4)).toEqual(['Passed', 'Failed']);
    expect(await page.getByRole('button', { name: 'Show older runs' }).count()).toBe(0);
    expect(await seriousViolations()).toEqual([]);

    // In Chinese, from a fresh load (the language is remembered): the first page again, then the older runs.
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 4, name: '沙盒壓力測試（HK-AI-05）' }).first().waitFor();
    await page.reload();
    await page.getByText('顯示 5 項，共 6 項測試').waitFor();
    expect(await page.getByTestId('sandbox-outcome').allInnerTexts()).toEqual([...Array(4).fill('等待預測結果'), '通過']);
    const table = await page.getByTestId('sandbox-runs').first().innerText();
    expect(table).toContain('測試套件及方式');
    expect(table).toContain('借貸，版本 demo-1');
    expect(table).toContain('由公司上載預測結果');
    expect(table).toContain('與此版本相符');
    await page.getByRole('button', { name: '顯示較早的測試' }).click();
    await page.getByText('顯示 6 項，共 6 項測試').waitFor();
    const failing = (await page.getByTestId('sandbox-run').allInnerTexts())[5];
    expect(failing).toContain('未通過');
    expect(failing).toMatch(/各組最低與最高獲選率之比（五分之四規則），按性別：0\.\d+（須至少為 0\.8）/);
    expect(await seriousViolations()).toEqual([]);
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: 'Model CreditScope (demo)' }).waitFor();
  });

  it('switches to Traditional Chinese (labels, dates in that locale, remembered on reload) and back', async () => {
    await open('/certifications/creditscope-2-1-hkai');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: '認證 creditscope-2-1-hkai' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant');
    expect(await page.getByTestId('certification-status').innerText()).toBe('有效');
    expect(await page.getByRole('navigation', { name: '主選單' }).innerText()).toContain('出口準備');
    // Dates by Intl in a Chinese locale: 2026年11月25日.
    expect(await page.locator('ol.timeline time').first().innerText()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await seriousViolations()).toEqual([]);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: '認證 creditscope-2-1-hkai' }).waitFor();
    await open('/explain?model=creditscope&version=2.1&jurisdiction=EU&useCase=lending&date=2027-12-15');
    await page.getByTestId('verdict-status').waitFor();
    expect(await page.getByTestId('verdict-status').innerText()).toBe('未準備就緒');
    expect(await page.locator('thead').innerText()).toContain('仍須提供證明的條件');
    expect(await seriousViolations()).toEqual([]);
    await screenshot('explainer-zh-Hant');

    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: 'Export readiness explained' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });
});

/** The language switch, then the page's title in the new language. */
const switchLanguage = async (title: string) => {
  await page.getByTestId('language-switch').click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
};

describe('addresses typed, pasted or tampered with', () => {
  const EXPLAIN = '/explain?model=creditscope&version=2.1&jurisdiction=EU&useCase=lending';
  const BAD_DATES: [path: string, field: string, value: string, title: string, zhTitle: string][] = [
    [`${EXPLAIN}&date=garbage`, 'explain-date', 'garbage', 'Export readiness explained', '出口準備說明'],
    [`${EXPLAIN}&date=99999-01-01`, 'explain-date', '99999-01-01', 'Export readiness explained', '出口準備說明'],
    ['/recognitions/EU?date=2027-13-45', 'recognitions-date', '2027-13-45', 'Recognitions by jurisdiction', '各司法管轄區的認可'],
    // A day that does not exist is refused, not moved to 2 March.
    ['/recognitions/EU?date=2027-02-30', 'recognitions-date', '2027-02-30', 'Recognitions by jurisdiction', '各司法管轄區的認可'],
    ['/public-sector?date=garbage', 'baseline-date', 'garbage', 'Public-sector AI audit baseline', '公營機構人工智能審核基線'],
    ['/public-sector?date=99999-01-01', 'baseline-date', '99999-01-01', 'Public-sector AI audit baseline', '公營機構人工智能審核基線'],
  ];

  it('an impossible date: the page is shown with a translated message at the date field, and nothing is computed for it', async () => {
    for (const [path, field, value, title] of BAD_DATES) {
      await open(path);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const message = page.locator(`#${field}-error`);
      await message.waitFor();
      expect([path, await message.innerText()]).toEqual([
        path,
        `Not a date the registry can use: “${value}”. Give a day that exists, written YYYY-MM-DD, in the years 1000 to 9999.`,
      ]);
      const input = page.locator(`#${field}`);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await input.getAttribute('aria-describedby')).toContain(`${field}-error`);
      // No verdict, recognitions or baseline for a day that is not one.
      expect(await page.locator('[data-testid="verdict-status"], [data-testid="recognition"], [data-testid="baseline-table"]').count()).toBe(0);
    }
    expect(await seriousViolations()).toEqual([]);

    // A real day chosen in the form replaces it: the verdict is computed and the message is gone.
    await open(`${EXPLAIN}&date=2027-02-30`);
    await page.getByTestId('date-error').waitFor();
    await page.getByLabel(/On date/).fill('2027-12-15');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/date=2027-12-15/);
    expect(await page.getByTestId('verdict-status').innerText()).toBe('Not ready');
    expect(await page.getByTestId('date-error').count()).toBe(0);

    await switchLanguage('出口準備說明');
    for (const [path, field, value, , zhTitle] of BAD_DATES) {
      await open(path);
      await page.getByRole('heading', { level: 1, name: zhTitle }).waitFor();
      expect([path, await page.locator(`#${field}-error`).innerText()]).toEqual([
        path,
        `「${value}」不是登記冊可用的日期。請以 YYYY-MM-DD 格式填寫一個實際存在的日子，年份須介乎 1000 至 9999。`,
      ]);
    }
    expect(await seriousViolations()).toEqual([]);
    await switchLanguage('Public-sector AI audit baseline');
  });

  it('a page that fails to render shows a translated "something went wrong" with a way back, under the site’s navigation', async () => {
    // A malformed answer (frameworks: null) makes the frameworks page throw while rendering, as a bug would.
    await page.route('**/graphql', (route) =>
      /query WebFrameworks\b/.test(route.request().postData() ?? '') ? route.fulfill({ json: { data: { frameworks: null } } }) : route.fallback(),
    );
    try {
      await open('/frameworks');
      await page.getByRole('heading', { level: 1, name: 'Something went wrong' }).waitFor();
      expect(await page.getByTestId('page-crashed').innerText()).toContain('This page could not be shown.');
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
      expect(await seriousViolations()).toEqual([]);
      await switchLanguage('出現問題');
      expect(await page.getByRole('button', { name: '再試一次' }).count()).toBe(1);
      await switchLanguage('Something went wrong');
      // React reports the error it caught on the console (and only that): expected here, so taken off the list.
      const reported = pageErrors.splice(0);
      expect(reported.length).toBeGreaterThan(0);
      expect(reported.every((e) => /null|frameworks|map/i.test(e))).toBe(true);
    } finally {
      await page.unroute('**/graphql');
    }
    // The way back works; the page renders again once the answers are sound (a new load: the bad answer is cached).
    await page.getByRole('link', { name: 'Back to the search' }).click();
    await page.getByRole('heading', { level: 1, name: 'Search certifications' }).waitFor();
    await open('/frameworks');
    await page.getByRole('link', { name: 'EU-AI-ACT' }).waitFor();
    expect(await page.getByTestId('page-crashed').count()).toBe(0);
  });

  it('a refusal of the API is said in the reader’s language, with its code in small print', async () => {
    await open('/recognitions/xx');
    const error = page.getByTestId('request-error');
    await error.waitFor();
    const english = await error.innerText();
    expect(english).toContain('The registry refused a value of this request as not valid.');
    expect(english).toContain('Concerns: jurisdiction');
    expect(english).toContain('Code: INPUT.INVALID');
    expect(english).not.toContain('ISO 3166');
    expect(await seriousViolations()).toEqual([]);

    await switchLanguage('各司法管轄區的認可');
    await error.waitFor();
    const chinese = await error.innerText();
    expect(chinese).toContain('登記冊認為此請求中的某個值無效而拒絕了請求。');
    expect(chinese).toContain('涉及：司法管轄區');
    expect(chinese).toContain('代碼：INPUT.INVALID');
    // No English sentence in the Chinese page: the only Latin letters are the code.
    expect(chinese.replace('INPUT.INVALID', '')).not.toMatch(/[A-Za-z]{3,}/);
    expect(await seriousViolations()).toEqual([]);

    // Histories in words, in Chinese too.
    await open('/models/creditscope');
    await page.getByRole('heading', { level: 1, name: /CreditScope/ }).waitFor();
    const history = await page.getByRole('list', { name: '歷史紀錄' }).innerText();
    expect(history).toContain('模型已登記');
    expect(history).toContain('模型版本已登記');
    expect(history).not.toMatch(/Registered/);
    await switchLanguage('Model CreditScope (demo)');
  });

  it('a path with a broken percent-escape: the app’s "page not found" (404) for a browser, not a JSON error', async () => {
    for (const path of ['/certifications/%', '/models/%ZZ', '/recognitions/%E0%A4%A']) {
      const r = await fetch(base + path, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
      expect([path, r.status, r.headers.get('content-type')]).toEqual([path, 404, expect.stringContaining('text/html')]);
      expect(await r.text()).toContain('<div id="root">');
      // A program still gets an error of its own kind, never the page.
      const program = await fetch(base + path, { headers: { accept: 'application/json' } });
      expect([path, program.status >= 400, await program.text()]).toEqual([path, true, expect.not.stringContaining('<div id="root">')]);

      await open(path);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    }
    expect(await seriousViolations()).toEqual([]);
    await switchLanguage('找不到頁面');
    await open('/models/%ZZ');
    await page.getByRole('heading', { level: 1, name: '找不到頁面' }).waitFor();
    await switchLanguage('Page not found');
    // Chromium reports each page answered 404 on the console (as it would for /no-such-page): exactly those, and no other.
    const reported = pageErrors.splice(0);
    expect(reported).toEqual(Array(4).fill('Failed to load resource: the server responded with a status of 404 (Not Found)'));
  });
});
