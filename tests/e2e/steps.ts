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

  /** Attaches a photo in the report form's picker and waits until it is uploaded. */
  async attachPhoto(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.locator('#photo-picker-add').click();
    await (await chooser).setFiles(file);
    await this.page.locator('.photo-picker__item--done').first().waitFor({ timeout: 60_000 });
  }

  /** Reloads the page until `selector` shows: for what the server changes by itself meanwhile (a pushed verdict). */
  async reloadUntil(selector: string, timeoutMs = 30_000): Promise<void> {
    const target = this.page.locator(selector).filter({ visible: true }).first();
    for (const deadline = Date.now() + timeoutMs; ; await this.page.reload()) {
      try {
        return await target.waitFor({ timeout: 3000 });
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  }

  /**
   * On an open case page with a photo: reloads until the photo's content-check verdict is in (the e2e twin
   * pushes it ~1.5 s after the report). Acting earlier races the verdict, which changes the case's version.
   */
  async photoChecked(): Promise<void> {
    await this.reloadUntil('#case-timeline >> text=照片内容安全审核结果');
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
