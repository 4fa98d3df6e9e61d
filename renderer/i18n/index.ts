import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

/** The languages the app ships, with their names as their speakers write them. */
export const languages = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;

/** A language code the app ships. */
export type LanguageCode = (typeof languages)[number]['code'];

const storageKey = 'desk.language';

function isLanguageCode(value: string | null): value is LanguageCode {
  return languages.some((language) => language.code === value);
}

/** The language to start in: the user's last choice, else the system's, else English. */
export function initialLanguage(stored: string | null, preferred: readonly string[]): LanguageCode {
  if (isLanguageCode(stored)) return stored;
  return preferred.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** Creates the app's i18n instance; every user-visible string goes through it. */
export async function createI18n(language: LanguageCode): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** Switches the language, remembers the choice, and keeps `<html lang>` true for screen readers. */
export async function changeLanguage(instance: i18n, language: LanguageCode, storage: Storage): Promise<void> {
  storage.setItem(storageKey, language);
  await instance.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Reads the remembered language choice. */
export function storedLanguage(storage: Storage): string | null {
  return storage.getItem(storageKey);
}
