import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { bootstrap, SYSTEM_TENANT } from './bootstrap.js';
import { DatabaseOpenError, openDatabase } from './db/connect.js';
import { startWebhookWorker } from './webhooks/deliver.js';
import { DECISION_INPUTS_DAYS, startScheduler } from './scheduler/index.js';
import { listenHttp } from './http/listen.js';

/**
 * `sluice-server [--host 127.0.0.1] [--port 8787] [--data ./data] [--tick-seconds 60] [--decision-inputs-days 90] [--allow-private-webhooks]`;
 * DATABASE_URL selects PostgreSQL. Webhooks to loopback, private, link-local and reserved
 * addresses are refused unless --allow-private-webhooks is given.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8787' },
      data: { type: 'string', default: './data' },
      'tick-seconds': { type: 'string', default: '60' },
      'decision-inputs-days': { type: 'string', default: String(DECISION_INPUTS_DAYS) },
      'allow-private-webhooks': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DatabaseOpenError(`--port must be a port number, not "${values.port}"`);
  // How often reclaim, penalty, reminder and cascade ticks run: a policy's clock is only as fine as this.
  const tickSeconds = Number(values['tick-seconds']);
  if (!Number.isFinite(tickSeconds) || tickSeconds < 1 || tickSeconds > 86_400) {
    throw new DatabaseOpenError(
      `--tick-seconds must be a number of seconds from 1 to 86400, not "${values['tick-seconds']}" / --tick-seconds 须为 1 到 86400 之间的秒数`,
    );
  }
  // How long what each decision read is kept for turning it into a policy test case.
  const inputDays = Number(values['decision-inputs-days']);
  if (!Number.isInteger(inputDays) || inputDays < 1 || inputDays > 36_500) {
    throw new DatabaseOpenError(
      `--decision-inputs-days must be a whole number of days from 1 to 36500, not "${values['decision-inputs-days']}" / --decision-inputs-days 须为 1 到 36500 之间的整数天数`,
    );
  }
  const url = process.env.DATABASE_URL;
  const database = await openDatabase(url ? { url } : { dataDir: values.data });
  const now = () => Date.now();
  const admin = await bootstrap(database.db, new Date(now()).toISOString());
  const allowPrivateWebhooks = values['allow-private-webhooks'] === true;
  // The editor's build, from src/main.ts (tsx) and dist/main.js alike: packages/editor/dist.
  const editorDir = fileURLToPath(new URL('../../editor/dist', import.meta.url));
  const app = createApp({ database, now, allowPrivateWebhooks, editorDir });
  // Every replica runs one: leases on the outbox rows keep them from sending an event twice.
  const webhooks = startWebhookWorker({ database, now, intervalMs: 1000, allowPrivateWebhooks });
  // Reclaim, penalty, reminder and cascade ticks: a lease per (tenant, policy) lets one replica run each.
  const scheduler = startScheduler({ database, now, intervalMs: tickSeconds * 1000, decisionInputsDays: inputDays });
  const server = listenHttp(app.fetch, values.host, port, (info) => {
    const base = `http://${values.host}:${info.port}`;
    console.log(`Sluice is listening on ${base}  (API reference: ${base}/docs, OpenAPI: ${base}/openapi.json)`);
    console.log(`Editor / 编辑器: ${base}/`);
    console.log(`Database: ${database.kind === 'embedded' ? `embedded PGlite in ${database.where}` : `PostgreSQL ${database.where}`}`);
    if (allowPrivateWebhooks) {
      console.log('Webhooks may target loopback, private and link-local addresses (--allow-private-webhooks).');
      console.log('Webhook 可以发送到回环、内网和链路本地地址（--allow-private-webhooks）。');
    }
    if (admin) {
      console.log('');
      console.log('First start: an admin account was created. Log in and change this one-time password now; it is not shown again.');
      console.log('首次启动：已创建管理员账号。请立即登录并修改此一次性密码，它不会再次显示。');
      console.log(`  tenant / 租户: ${SYSTEM_TENANT}`);
      console.log(`  user / 用户名: ${admin.email}`);
      console.log(`  one-time password / 一次性密码: ${admin.password}`);
      console.log('The tenant runs on UTC: set its time zone (daily caps, day counts, dates shown) under Administration → Tenant and time zone.');
      console.log('租户时区为 UTC：请在“系统管理 → 租户与时区”中设置（每日上限、按天计数和显示的时间都按它计算）。');
    }
  });
  const stop = () => {
    server.close();
    void Promise.all([webhooks.stop(), scheduler.stop()])
      .then(() => database.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`sluice-server: ${(e as Error).message}`);
  process.exit(e instanceof DatabaseOpenError ? 2 : 1);
});
