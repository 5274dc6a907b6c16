import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createApp, type App } from '../../src/index';
import { createMemoryLogger } from '../../src/logger';
import { startServer, testConfig, type RunningServer } from '../web/testBot';

/**
 * The web chat in a real browser against the real app: the page, the Web Chat bundle, the local connection,
 * the local route, the adapter and the real dialogs. The flow is driven by what the bot says and offers
 * (suggested actions, card buttons), not by its exact wording.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const REQUIRE_CHROMIUM = process.env.REQUIRE_CHROMIUM === '1';
const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');
const STEP_TIMEOUT = 15_000;
const AXE_SOURCE = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

type AxeViolation = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown; html?: string }> };

/** Runs axe-core (from npm) in the page: serious and critical violations, with where they are. */
async function axeProblems(page: Page): Promise<string[]> {
  // evaluate() runs outside the page's CSP, so the page keeps its strict script-src.
  await page.evaluate(AXE_SOURCE);
  // Web Chat 4.18 keeps an off-screen copy of recent activities for its screen-reader live region; for an
  // Adaptive Card that copy carries an empty, unlabelled <select tabindex="-1"> of its own making. Only that
  // copy is left out; everything a person sees or tabs to is checked.
  const violations = (await page.evaluate(
    "axe.run({ exclude: [['.webchat__live-region-transcript']] }, { resultTypes: ['violations'] }).then((r) => r.violations)",
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => `${JSON.stringify(n.target)} ${n.html?.slice(0, 160) ?? ''}`).join(', ')}`);
}

/** Labels and buttons whose text is cut off ("…" or clipped) instead of wrapping. */
async function truncatedLabels(page: Page): Promise<string[]> {
  // Runs in the page (a string: this project's TypeScript has no DOM types).
  return page.evaluate(`(() => {
    const selectors = '#webchat .ac-adaptiveCard label, #webchat .ac-adaptiveCard .ac-pushButton, #webchat .ac-adaptiveCard .ac-pushButton *, #webchat .ac-textBlock, #webchat .webchat__suggested-action';
    const cut = [];
    for (const el of document.querySelectorAll(selectors)) {
      if (el.offsetParent === null) continue;
      const style = getComputedStyle(el);
      const over = el.scrollWidth > el.clientWidth + 1;
      const clipped = over && style.overflow !== 'visible';
      const ellipsis = over && style.textOverflow === 'ellipsis';
      if (clipped || ellipsis) cut.push(String(el.className) + ': ' + (el.textContent || '').slice(0, 60));
    }
    return cut;
  })()`) as Promise<string[]>;
}

/** Share of the window the transcript and send box get. */
async function chatShare(page: Page): Promise<number> {
  return page.evaluate("document.getElementById('webchat').getBoundingClientRect().height / window.innerHeight") as Promise<number>;
}

type BotActivity = {
  type: string;
  text?: string;
  from?: { role?: string };
  attachments?: Array<{ contentType: string; content?: unknown }>;
  suggestedActions?: { actions: Array<{ title?: string }> };
};

/** Console messages that are not our problem (none known today; kept explicit so additions are reviewed). */
const HARMLESS_CONSOLE: RegExp[] = [];

function cardText(activity: BotActivity): string {
  return (activity.attachments ?? []).map((a) => JSON.stringify(a.content ?? '')).join(' ');
}

function allText(activities: BotActivity[]): string {
  return activities.map((a) => `${a.text ?? ''} ${cardText(a)}`).join(' ');
}

/** Waits until the element is shown (fails the test with Playwright's reason otherwise). */
async function visible(locator: { waitFor(options: { state: 'visible'; timeout: number }): Promise<void> }): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
}

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A piece of a bot message that survives Web Chat's markdown rendering (which turns quotes typographic and
 * drops markup): the longest run of plain words in its first paragraph.
 */
function snippet(text: string): string {
  const first = text.split('\n')[0] ?? '';
  const runs = first.split(/[^A-Za-z0-9 ,]/).map((r) => r.trim());
  return runs.reduce((best, run) => (run.length > best.length ? run : best), '').slice(0, 40).trim();
}

if (!HAVE_CHROMIUM && REQUIRE_CHROMIUM) {
  describe('web chat in Chromium', () => {
    it('needs Chromium (REQUIRE_CHROMIUM=1)', () => {
      expect.fail(`Chromium not found at ${CHROMIUM}; install the Debian package "chromium" or set CHROMIUM_PATH.`);
    });
  });
} else if (!HAVE_CHROMIUM) {
  describe('web chat in Chromium', () => {
    it.skip(`skipped: Chromium not found at ${CHROMIUM} (install the Debian package "chromium" or set CHROMIUM_PATH; REQUIRE_CHROMIUM=1 makes this fail)`, () => {});
  });
} else {
  describe('web chat in Chromium', () => {
    let app: App;
    let baseUrl: string;
    let browser: Browser;
    let page: Page;
    const consoleProblems: string[] = [];
    const offsiteRequests: string[] = [];
    /** Bot activities, in order, as the local route returned them. */
    const botActivities: BotActivity[] = [];

    beforeAll(async () => {
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
      app = createApp(config, createMemoryLogger('warn'));
      app.server.listen(0, '127.0.0.1');
      await once(app.server.server, 'listening');
      baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

      browser = await launchChromium();
      page = await browser.newPage({ viewport: PHONE, locale: 'en-GB' });
      page.on('console', (m) => {
        if ((m.type() === 'error' || m.type() === 'warning') && !HARMLESS_CONSOLE.some((re) => re.test(m.text()))) {
          consoleProblems.push(`${m.type()}: ${m.text()}`);
        }
      });
      page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
      // Nothing may leave the machine: record and block every request that is not to our server.
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith(`${baseUrl}/`) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
        offsiteRequests.push(url);
        return route.abort('blockedbyclient');
      });
      page.on('response', (response: Response) => {
        if (!response.url().endsWith('/api/local/messages')) return;
        void response
          .json()
          .then((body: { activities?: BotActivity[] }) => {
            for (const a of body.activities ?? []) if (a.from?.role === 'bot' && a.type === 'message') botActivities.push(a);
          })
          .catch(() => undefined);
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      if (app) {
        app.server.server.closeAllConnections();
        await new Promise<void>((resolve) => app.server.close(() => resolve()));
      }
    });

    /** Waits for the local route to answer the next post, and for Web Chat to have rendered its replies. */
    async function nextReplies(action: () => Promise<void>): Promise<BotActivity[]> {
      const before = botActivities.length;
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/local/messages') && r.request().method() === 'POST', { timeout: STEP_TIMEOUT });
      await action();
      const response = await answered;
      expect(response.status()).toBe(200);
      await expect.poll(() => botActivities.length, { timeout: STEP_TIMEOUT }).toBeGreaterThan(before);
      const replies = botActivities.slice(before);
      const last = replies.at(-1);
      if (last?.text) await page.locator('#webchat').getByText(snippet(last.text), { exact: false }).last().waitFor({ timeout: STEP_TIMEOUT });
      return replies;
    }

    async function typeAndEnter(text: string): Promise<BotActivity[]> {
      const input = page.locator('[data-id="webchat-sendbox-input"]');
      return nextReplies(async () => {
        await input.click();
        await input.fill(text);
        await input.press('Enter');
      });
    }

    /**
     * Answers the question the bot just asked: "None"-like answers first (no red flags, no
     * contraindications), else the first offered answer. Suggested actions first, then buttons on the
     * newest card (ticking nothing on a checklist, as a person with nothing to report would).
     */
    async function answerLatestQuestion(replies: BotActivity[]): Promise<BotActivity[]> {
      const last = replies.at(-1);
      const suggested = (last?.suggestedActions?.actions ?? []).map((a) => a.title ?? '');
      const cardButtons = page.locator('#webchat .webchat__basic-transcript__activity').last().locator('.ac-pushButton');
      const offered = suggested.length > 0 ? suggested : await cardButtons.allInnerTexts();
      expect(offered.length, `the bot asked something without offering answers: ${last?.text ?? cardText(last ?? { type: '' })}`).toBeGreaterThan(0);
      const choice = offered.find((t) => /^none\b/i.test(t.trim())) ?? offered.find((t) => /^no\b/i.test(t.trim())) ?? offered[0]!;
      const button =
        suggested.length > 0
          ? page.locator('#webchat .webchat__suggested-action', { hasText: choice }).first()
          : cardButtons.filter({ hasText: choice }).first();
      return nextReplies(() => button.click());
    }

    async function runConversation(viewport: { width: number; height: number }, name: string): Promise<void> {
      const shot = (step: string) => page.screenshot({ path: join(ARTIFACTS, `webchat-${name}-${step}.png`) });
      mkdirSync(ARTIFACTS, { recursive: true });
      botActivities.length = 0;
      await page.setViewportSize(viewport);
      await page.goto(`${baseUrl}/`);
      // A fresh start (the previous run's conversation is in this tab's session storage).
      await page.evaluate('sessionStorage.clear()');
      await page.reload();
      await expect.poll(() => page.locator('#webchat').getAttribute('data-mode')).toBe('local');

      // The welcome arrives on its own when the page opens.
      await expect.poll(() => botActivities.length, { timeout: STEP_TIMEOUT }).toBeGreaterThan(0);
      const welcome = botActivities[0]!;
      expect(welcome.text ?? '').not.toBe('');
      await page.locator('#webchat').getByText(snippet(welcome.text ?? ''), { exact: false }).first().waitFor();
      expect(welcome.suggestedActions?.actions.length ?? 0).toBeGreaterThan(0);
      await visible(page.locator('#webchat .webchat__suggested-action').first());
      // The transcript gets most of the screen; the emergency number is on screen, one tap from calling.
      expect(await chatShare(page)).toBeGreaterThan(viewport === PHONE ? 0.8 : 0.6);
      await visible(page.locator('a.emergency[href^="tel:"]'));
      // Web Chat's "Connecting…" goes once the local connection is online.
      await expect.poll(() => page.locator('#webchat').getByText('Connecting').count(), { timeout: STEP_TIMEOUT }).toBe(0);
      await shot('1-welcome');

      // Keyboard: the send box is reachable with Tab, and Enter sends.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      let reached = false;
      for (let i = 0; i < 25 && !reached; i += 1) {
        await page.keyboard.press('Tab');
        reached = (await page.locator(':focus').getAttribute('data-id').catch(() => null)) === 'webchat-sendbox-input';
      }
      expect(reached, 'the send box can be reached with the Tab key').toBe(true);

      const explainer = await typeAndEnter('what is the piriformis');
      expect(allText(explainer)).toMatch(/piriformis/i);
      await visible(page.locator('#webchat').getByText(/piriformis/i).last());
      // The user's own message is echoed into the transcript, on the user's side.
      await visible(page.locator('#webchat .webchat__bubble--from-user', { hasText: 'what is the piriformis' }));

      let replies = await typeAndEnter('deep ache in my bum when I drive, no numbness');
      const asked = replies.at(-1)?.suggestedActions?.actions.map((a) => a.title) ?? [];
      expect(asked, 'the red-flag question offers "None of these"').toContain('None of these');
      // Headings and lists render as separate blocks: "Needs a doctor today:" is not glued into a bullet.
      const heading = page.locator('#webchat').getByText('Needs a doctor today:', { exact: false }).last();
      await visible(heading);
      expect(await heading.evaluate((el) => (el as unknown as { closest(selector: string): unknown }).closest('li') === null)).toBe(true);

      // "Yes, one of these" brings the pick list: every label wraps, and it is answered by keyboard alone.
      replies = await nextReplies(() => page.locator('#webchat .webchat__suggested-action', { hasText: 'Yes, one of these' }).first().click());
      const pickList = page.locator('#webchat .ac-adaptiveCard').last();
      await visible(pickList.locator('input').first());
      expect(await truncatedLabels(page)).toEqual([]);
      await page.waitForTimeout(600);
      await shot('2-pick-list');
      const noneOfThem = pickList.locator('label', { hasText: 'None of them' }).first();
      const radio = pickList.locator(`[id="${await noneOfThem.getAttribute('for')}"]`);
      await radio.focus();
      await page.keyboard.press('Space');
      expect(await radio.isChecked()).toBe(true);
      let onSend = false;
      for (let i = 0; i < 6 && !onSend; i += 1) {
        await page.keyboard.press('Tab');
        onSend = (await page.evaluate("document.activeElement ? document.activeElement.textContent : ''")) === 'Send';
      }
      expect(onSend, 'Tab reaches the card\'s Send button').toBe(true);
      replies = await nextReplies(() => page.keyboard.press('Enter'));
      // The choice shows as the person's message, and the answered card cannot be sent again.
      await visible(page.locator('#webchat .webchat__bubble--from-user', { hasText: 'None of them' }).last());
      expect(await pickList.getAttribute('data-answered')).toBe('true');
      expect(await pickList.locator('.ac-pushButton', { hasText: 'Send' }).isDisabled()).toBe(true);

      // Answer each question by clicking until the recommendation card arrives.
      let recommendation: BotActivity | undefined;
      for (let step = 0; step < 8 && !recommendation; step += 1) {
        replies = await answerLatestQuestion(replies);
        recommendation = replies.find((a) => (a.attachments ?? []).length > 0 && /may help|massage techniques/i.test(cardText(a)));
      }
      expect(recommendation, `no recommendation card; the bot said: ${allText(botActivities.slice(-3)).slice(0, 500)}`).toBeDefined();

      // The outer card (a shown section is a card inside it).
      const card = page.locator('#webchat .ac-adaptiveCard').filter({ hasText: 'What may help' }).first();
      await visible(card);
      // The start of the reply is in view when it arrives (not its tail), without any scrolling by us.
      await page.waitForTimeout(500);
      const top = (await card.locator('.ac-textBlock').first().boundingBox())!;
      const transcript = (await page.locator('#webchat .webchat__basic-transcript__scrollable').first().boundingBox())!;
      const inView = top.y >= transcript.y - 1 && top.y + top.height <= transcript.y + transcript.height + 1;
      expect(inView, 'the recommendation\'s heading is in view when it arrives').toBe(true);
      expect(await card.innerText()).toMatch(/may be involved/i);
      // Short: the summary before any detail is opened fits in about two screens.
      expect((await card.boundingBox())!.height).toBeLessThan(viewport.height * 2);
      expect(await truncatedLabels(page)).toEqual([]);
      await shot('3-recommendation');

      // The detail is one key press away: a folding button, operated by keyboard.
      const why = card.locator('.ac-pushButton', { hasText: 'Why these muscles?' });
      await why.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => why.getAttribute('aria-expanded')).toBe('true');
      await visible(card.getByText(/you said/i).first());
      await why.scrollIntoViewIfNeeded();
      await shot('4-detail');
      expect(await axeProblems(page)).toEqual([]);

      // A reload continues the conversation: the transcript is back, no second welcome, and the bot carries on.
      const before = botActivities.length;
      const messagesBefore = await page.locator('#webchat .webchat__bubble').count();
      await page.reload();
      await visible(page.locator('#webchat .ac-adaptiveCard').last());
      await page.waitForTimeout(1000);
      expect(botActivities.length, 'no new welcome after a reload').toBe(before);
      expect(await page.locator('#webchat .webchat__bubble').count()).toBe(messagesBefore);
      // The answered pick list comes back without its Send button.
      expect(await page.locator('#webchat .ac-pushButton', { hasText: /^Send$/ }).count()).toBe(0);
      await shot('5-after-reload');
      const after = await typeAndEnter('thanks');
      expect(after.length).toBeGreaterThan(0);
      expect(await axeProblems(page)).toEqual([]);

      expect(offsiteRequests).toEqual([]);
      expect(consoleProblems).toEqual([]);
    }

    it('on a phone (390×844): a whole conversation, compact, readable, keyboard-operable, kept across a reload', async () => {
      await runConversation(PHONE, 'phone');
    }, 180_000);

    it('on a desktop (1280×900): the same conversation', async () => {
      await runConversation(DESKTOP, 'desktop');
    }, 180_000);
  });

  describe('web chat page mechanics in Chromium (small test bot)', () => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    const cspViolations: string[] = [];

    beforeAll(async () => {
      // A small per-conversation budget so the last step can show what a rate-limited send looks like.
      server = await startServer(testConfig(), { conversationLimit: { capacity: 5, refillPerSecond: 0.01 } });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 900, height: 900 } });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
      });
      await page.goto(`${server.baseUrl}/`);
      await page.locator('#webchat').getByText('Welcome to the test bot.').first().waitFor({ timeout: STEP_TIMEOUT });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function send(text: string): Promise<void> {
      const input = page.locator('[data-id="webchat-sendbox-input"]');
      await input.fill(text);
      await input.press('Enter');
    }

    it('shows the typing indicator while the bot works, and hides it when the answer comes', async () => {
      await send('slow');
      await visible(page.locator('#webchat .webchat__typing-indicator'));
      await visible(page.locator('#webchat').getByText('done thinking').first());
      await expect.poll(() => page.locator('#webchat .webchat__typing-indicator').count()).toBe(0);
    });

    it('renders a card whose button sends its value as the user', async () => {
      await send('card');
      const button = page.locator('#webchat .ac-pushButton', { hasText: 'Tell me more' }).last();
      await visible(button);
      await button.click();
      await visible(page.locator('#webchat').getByText('You said: more').first());
    });

    it('while the server is unreachable, says so and retries the same message: one bubble, one answer', async () => {
      // First try: the server is down. Second: the server runs the turn but the answer is lost on the way.
      let attempt = 0;
      await page.route('**/api/local/messages', async (route) => {
        attempt += 1;
        if (attempt === 1) return route.abort('connectionrefused');
        if (attempt === 2) {
          await route.fetch();
          return route.abort('connectionreset');
        }
        return route.continue();
      });
      await send('are you there');
      await visible(page.locator('#chat-status', { hasText: /can.t reach the assistant/i }));
      // (Web Chat labels the person's own message "You said: …" for screen readers: look at bot bubbles only.)
      const answer = page.locator('#webchat .webchat__bubble:not(.webchat__bubble--from-user)', { hasText: 'You said: are you there' });
      await visible(answer.first());
      await page.unroute('**/api/local/messages');
      expect(attempt).toBe(3);
      await page.waitForTimeout(500);
      expect(await page.locator('#webchat .webchat__bubble--from-user', { hasText: 'are you there' }).count()).toBe(1);
      expect(await answer.count()).toBe(1);
      await expect.poll(() => page.locator('#chat-status').innerText()).not.toMatch(/can.t reach/i);
    });

    it('shows a failed send (rate limited) instead of losing the message silently', async () => {
      await send('one too many');
      await visible(page.locator('#webchat').getByText(/Send failed/i).first());
      expect(cspViolations).toEqual([]);
    });
  });

  describe('web chat page in Direct Line mode (fake Direct Line on 127.0.0.1)', () => {
    it('gets a token from the server, opens the conversation at the configured Direct Line with it, and reconnects with it after a reload', async () => {
      const requests: Array<{ method?: string; url?: string; authorization?: string }> = [];
      const fake: Server = createServer((req, res) => {
        requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
        req.resume();
        req.on('end', () => {
          const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST' };
          if (req.method === 'OPTIONS') {
            res.writeHead(204, cors);
            res.end();
          } else if (req.url?.endsWith('/tokens/generate')) {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ conversationId: 'fake-conv', token: 'fake-token-123', expires_in: 1800 }));
          } else {
            // Enough to see the page knock on the right door with the right token; a real service would go on.
            res.writeHead(403, { 'content-type': 'application/json', ...cors });
            res.end('{}');
          }
        });
      });
      fake.listen(0, '127.0.0.1');
      await once(fake, 'listening');
      const endpoint = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v3/directline`;
      const server = await startServer(testConfig({ DIRECT_LINE_SECRET: 'e2e-secret' }), { directLineEndpoint: endpoint });
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${server.baseUrl}/`);
        await expect.poll(() => page.locator('#webchat').getAttribute('data-mode')).toBe('directline');
        await expect
          .poll(() => requests.find((r) => r.url === '/v3/directline/conversations' && r.method === 'POST')?.authorization, { timeout: STEP_TIMEOUT })
          .toBe('Bearer fake-token-123');
        expect(requests.find((r) => r.url === '/v3/directline/tokens/generate')?.authorization).toBe('Bearer e2e-secret');
        expect(requests.filter((r) => r.authorization === 'Bearer e2e-secret')).toHaveLength(1);

        // A reload reconnects to the same conversation with the kept token instead of asking for a new one.
        requests.length = 0;
        await page.reload();
        await expect
          .poll(() => requests.find((r) => r.method === 'GET' && r.url?.startsWith('/v3/directline/conversations/fake-conv'))?.authorization, {
            timeout: STEP_TIMEOUT,
          })
          .toBe('Bearer fake-token-123');
        expect(requests.filter((r) => r.url === '/v3/directline/tokens/generate').length).toBeLessThanOrEqual(1);
        await page.close();
      } finally {
        await browser.close();
        await server.close();
        fake.closeAllConnections();
        await new Promise<void>((resolve) => fake.close(() => resolve()));
      }
    }, 60_000);
  });
}
