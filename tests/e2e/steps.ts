// Browser steps shared by the e2e tests: sign in as a demo account, open rows, run server-offered actions.
// Taro H5 buttons swallow clicks on their inner text, so controls are reached by id.
import type { Page } from 'playwright-core';

export class Browser {
  constructor(
    readonly page: Page,
    private readonly appUrl: string,
  ) {}

  async go(path: string): Promise<void> {
    await this.page.goto(`${this.appUrl}/#${path}`);
  }

  async signInAs(openid: string): Promise<void> {
    await this.go('/pages/dev-login/index');
    await this.page.locator(`#login-${openid}`).click();
    await this.page.waitForURL((url) => !url.hash.includes('dev-login'));
  }

  /** Opens the first list row (case or whistle) whose text contains `text`, and waits for its page. */
  async openRow(text: string, detailSelector = '#case-text'): Promise<void> {
    await this.page.locator('.case-row, .whistle-row').filter({ hasText: text }).first().click();
    await this.page.locator(detailSelector).waitFor();
  }

  async fill(id: string, value: string): Promise<void> {
    await this.page.locator(`#${id} textarea, #${id} input`).first().fill(value);
  }

  /** Taps an action the server offers (`<prefix>-<action>`), fills its form and confirms it. */
  async runAction(prefix: 'case-action' | 'whistle-action', action: string, fields: Record<string, string> = {}, choices: string[] = []): Promise<void> {
    await this.page.locator(`#${prefix}-${action}`).click();
    for (const choice of choices) await this.page.locator(`#${prefix}-${choice}`).click();
    for (const [key, value] of Object.entries(fields)) await this.fill(`${prefix}-${key}`, value);
    const confirm = this.page.locator(`#${prefix}-submit`);
    await confirm.click();
    await confirm.waitFor({ state: 'detached' });
  }

  /** Waits until `text` is visible (Taro H5 keeps earlier pages of the stack in the DOM, hidden). */
  async sees(text: string): Promise<void> {
    await this.page.getByText(text).filter({ visible: true }).first().waitFor();
  }

  /** Runs a step; on failure keeps a screenshot of what the user saw. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const file = `${process.env.E2E_SCREENSHOTS ?? '/tmp'}/e2e-${name.replace(/\W+/g, '-')}.png`;
      await this.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      throw new Error(`step "${name}" failed (screenshot ${file}): ${(err as Error).message}`);
    }
  }
}
