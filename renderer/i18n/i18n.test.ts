import { describe, expect, it } from 'vitest';
import { initialLanguage } from '.';
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
});
