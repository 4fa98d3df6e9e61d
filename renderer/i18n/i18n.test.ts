import { describe, expect, it } from 'vitest';
import { changeLanguage, createI18n, initialLanguage } from '.';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null ? keys(child, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('languages', () => {
  it('Simplified Chinese has exactly the keys English has', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('starts in the remembered language, else the system one, else English', () => {
    expect(initialLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(initialLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLanguage('klingon', ['fr-FR'])).toBe('en');
  });

  it('fetches Chinese strings only when Chinese is used, at start or on a switch', async () => {
    const english = await createI18n('en');
    expect(english.hasResourceBundle('zh-CN', 'translation')).toBe(false);
    expect(english.t('app.opening')).toBe(en.app.opening);
    const remembered = new Map<string, string>();
    const storage = { setItem: (key: string, value: string) => remembered.set(key, value) } as unknown as Storage;
    await changeLanguage(english, 'zh-CN', storage);
    expect(english.t('app.opening')).toBe(zhCN.app.opening);
    expect([...remembered.values()]).toEqual(['zh-CN']);
    expect(document.documentElement.lang).toBe('zh-CN');

    const chinese = await createI18n('zh-CN');
    expect(chinese.language).toBe('zh-CN');
    expect(chinese.t('app.opening')).toBe(zhCN.app.opening);
    expect(en.app.opening).not.toBe(zhCN.app.opening);
  });
});
