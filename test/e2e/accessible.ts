import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Runs axe on the page as it stands, and lists the visible, enabled controls that Tab can never
 * reach (a negative tabindex outside a composite widget that moves focus itself, such as a grid
 * or a tab list). Both lists must be empty.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // A dialog still fading in is half transparent: axe would measure the contrast of its fade
  // (seen once in CI on the case history). Transitions and animations finish first.
  // (A spinner's endless animation is not waited for.)
  await page.waitForFunction(
    () => document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: 10_000 },
  );
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(
    serious.map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
    `axe on ${screen}`,
  ).toEqual([]);
  const unreachable = await page.evaluate(() => {
    const composite = '[role="grid"], [role="tablist"], [role="radiogroup"], [role="listbox"], [role="menu"], [role="tree"], [role="toolbar"]';
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="checkbox"], [role="switch"], [role="link"]',
    );
    return [...controls]
      .filter((element) => {
        if (element.closest('[aria-hidden="true"], [inert]')) return false;
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === 'hidden') return false;
        if ((element as HTMLButtonElement).disabled) return false;
        if (element.tabIndex >= 0) return false;
        return element.closest(composite) === null;
      })
      .map((element) => `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`);
  });
  expect(unreachable, `controls on ${screen} that no key reaches`).toEqual([]);
}
