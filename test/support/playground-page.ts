import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { keepOffline } from './chromium';

/** Selectors of Microsoft 365 Agents Playground's UI (0.2.28), see /work/shared/PLAYGROUND.md. */
export const COMPOSE_BOX = 'div[role="textbox"][data-lexical-editor="true"]';
export const SEND_BUTTON = 'button[aria-label="Send Message"]';
export const BOT_CARD = '.fai-OutputCard .ac-adaptiveCard';
export const CARD_BUTTON = '.ac-actionSet button';

export interface PlaygroundPageOptions {
  /** who is signed in, for failure messages and screenshot names ("alex") */
  who: string;
  /** screenshots and failure.png go here */
  outDir: string;
  /** the bot's log file, named in failure messages */
  botLog: string;
  /** how long a wait may take before it fails with what the page showed */
  waitMs: number;
}

/**
 * One browser page on one Playground: type in the personal chat, wait for cards by what they say,
 * take screenshots. A wait that times out fails naming what was awaited and listing the cards shown.
 */
export class PlaygroundPage {
  readonly timings: Record<string, number> = {};
  private readonly pageErrors: string[] = [];

  private constructor(
    readonly page: Page,
    private readonly options: PlaygroundPageOptions,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
  }

  /** A new browser context (its own cookies and storage) on `url`, ready once the compose box shows. */
  static async open(browser: Browser, url: string, options: PlaygroundPageOptions): Promise<PlaygroundPage> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
    await keepOffline(context);
    const playground = new PlaygroundPage(await context.newPage(), options);
    const started = Date.now();
    await playground.page.goto(url);
    await playground.page.locator(COMPOSE_BOX).first().waitFor({ state: 'visible', timeout: 60_000 });
    playground.timings['page load (ms)'] = Date.now() - started;
    return playground;
  }

  cards(): Locator {
    return this.page.locator(BOT_CARD);
  }

  cardTexts(): Promise<string[]> {
    return this.cards().allInnerTexts();
  }

  /** Polls `probe` until it returns a value; on timeout fails naming `what` and listing the cards on the page. */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw await this.failure(what);
      await this.page.waitForTimeout(100);
    }
  }

  /** The first card on the page whose text passes `test`, once there is one. */
  async waitForCard(what: string, test: (text: string) => boolean): Promise<Locator> {
    const index = await this.waitFor(what, async () => {
      const found = (await this.cardTexts()).findIndex(test);
      return found < 0 ? undefined : found;
    });
    const card = this.cards().nth(index);
    await card.scrollIntoViewIfNeeded();
    return card;
  }

  /** Types `text` into the personal chat and waits for the first new card the bot sends back. */
  async say(text: string): Promise<Locator> {
    const before = await this.cards().count();
    const started = Date.now();
    await this.page.locator(COMPOSE_BOX).first().click({ timeout: this.options.waitMs });
    await this.page.keyboard.type(text);
    await this.page.locator(SEND_BUTTON).click({ timeout: this.options.waitMs });
    await this.waitFor(`a card answering "${text}"`, async () =>
      (await this.cards().count()) > before ? true : undefined,
    );
    this.timings[`reply to "${text}" (ms)`] = Date.now() - started;
    const card = this.cards().nth(before);
    await card.scrollIntoViewIfNeeded();
    return card;
  }

  /** A full-page PNG `<outDir>/<name>.png`. */
  async shoot(name: string): Promise<string> {
    // Let the card's layout settle (fonts, column widths) before the picture.
    await this.page.waitForTimeout(200);
    const file = path.join(this.options.outDir, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  private async failure(what: string): Promise<Error> {
    const { who, outDir, botLog, waitMs } = this.options;
    const picture = path.join(outDir, `failure-${who}.png`);
    await this.page.screenshot({ path: picture }).catch(() => undefined);
    const cards = (await this.cardTexts().catch(() => []))
      .map((text, i) => `--- card ${i}:\n${text}`)
      .join('\n');
    return new Error(
      `${what} (${who}'s Playground): not seen within ${waitMs / 1000} s (screenshot: ${picture}).\n` +
        `Page errors: ${this.pageErrors.join(' | ') || 'none'}. Bot log: ${botLog}.\n` +
        `Cards on the page:\n${cards || '(none)'}`,
    );
  }
}
