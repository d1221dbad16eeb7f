import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWebhookWorker } from '@sluice/server/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.js';

// A webhook end to end: subscribed on the admin page to a receiver on loopback, fired by a real
// decision (POST /v1/decide), delivered by the server's webhook worker, and read back in the
// delivery log, on the page and through the API, with the HTTP status the receiver answered.
const ROUND_ROBIN = JSON.parse(readFileSync(new URL('../../../../examples/policies/s06-round-robin.json', import.meta.url), 'utf8')) as { key: string };

let product: Product;
let page: Page;
const received: Array<{ event: string; delivery: string }> = [];
let receiver: ReturnType<typeof createServer>;
let receiverUrl = '';

beforeAll(async () => {
  // Takes decision.made (200); is down for lead.assigned (503).
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const event = String(req.headers['x-sluice-event']);
      received.push({ event, delivery: String(req.headers['x-sluice-delivery']) });
      res.writeHead(event === 'lead.assigned' ? 503 : 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/sluice`;

  product = await startProduct();
  page = product.page;
  page.setDefaultTimeout(15_000);
  await product.signInAsAdmin();
  expect((await product.api('POST', '/v1/reps/bulk', { items: [{ id: 'ae-1', name: '王芳', teams: ['ae'], cap: 20 }] })).status).toBe(200);
  expect((await product.api('PUT', '/v1/teams/ae', { name: 'AE team', managerId: 'mgr-1' })).status).toBe(201);
  expect((await product.api('PUT', `/v1/policies/${ROUND_ROBIN.key}/draft`, ROUND_ROBIN)).json?.compile?.ok).toBe(true);
  expect((await product.api('POST', `/v1/policies/${ROUND_ROBIN.key}/publish`, { note: 'round robin' })).status).toBe(201);
}, 240_000);

afterAll(async () => {
  await product?.close();
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

describe('webhook delivery log', { timeout: 120_000 }, () => {
  it("shows a decision's deliveries with the receiver's HTTP status, in both languages", async () => {
    await page.goto(`${product.baseUrl}/admin?tab=webhooks`);
    await page.getByLabel('URL', { exact: true }).fill(receiverUrl);
    // lead.assigned is ticked by default; decision.made is added.
    await page.getByRole('checkbox', { name: 'decision.made', exact: true }).check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByTestId('secret-value').waitFor();
    await page.getByRole('button', { name: 'I have stored it' }).click();
    const row = page.locator(`tr[data-webhook="${receiverUrl}"]`);
    await row.waitFor();

    const decided = await fetch(`${product.baseUrl}/v1/decide`, {
      method: 'POST',
      headers: { authorization: `Bearer ${product.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'evt-webhook-1', type: 'lead.created', at: new Date().toISOString(), lead: { id: 'L-WH-1' } }),
    });
    expect(decided.status).toBe(200);
    const worker = startWebhookWorker({ database: product.database, now: () => Date.now(), allowPrivateWebhooks: true });
    try {
      await worker.runOnce();
    } finally {
      await worker.stop();
    }
    expect(received.map((r) => r.event)).toEqual(['decision.made', 'lead.assigned']);
    const [made, assigned] = received.map((r) => r.delivery);

    // The API's log: newest first, one row per attempt.
    const hooks = (await product.api('GET', '/v1/webhooks')).json.webhooks as Array<{ id: string; url: string }>;
    const hook = hooks.find((h) => h.url === receiverUrl)!;
    const log = (await product.api('GET', `/v1/webhooks/${hook.id}/deliveries`)).json.deliveries as Array<Record<string, unknown>>;
    expect(log.map((d) => [String(d.outboxId), d.eventType, d.attempt, d.status, d.ok, d.error])).toEqual([
      [assigned, 'lead.assigned', 1, 503, false, 'HTTP 503'],
      [made, 'decision.made', 1, 200, true, null],
    ]);

    // The page's log: event, attempt, status and result of each.
    await row.getByRole('button', { name: 'Delivery log' }).click();
    const cells = async () =>
      page
        .locator(`#deliveries-${hook.id} tbody tr`)
        .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(1).map((td) => td.textContent?.trim())));
    await page.locator(`#deliveries-${hook.id} tbody tr`).first().waitFor();
    expect(await cells()).toEqual([
      [`lead.assigned #${assigned}`, '1', '503', 'failed · HTTP 503'],
      [`decision.made #${made}`, '1', '200', 'delivered'],
    ]);
    await product.screenshot('webhook-log-en');

    await page.evaluate(() => localStorage.setItem('sluice.language', 'zh'));
    await page.reload();
    await page.locator(`tr[data-webhook="${receiverUrl}"]`).getByRole('button', { name: '投递日志' }).click();
    await page.locator(`#deliveries-${hook.id} tbody tr`).first().waitFor();
    expect(await cells()).toEqual([
      [`lead.assigned #${assigned}`, '1', '503', '失败 · HTTP 503'],
      [`decision.made #${made}`, '1', '200', '已送达'],
    ]);
    await product.screenshot('webhook-log-zh');
  });
});
