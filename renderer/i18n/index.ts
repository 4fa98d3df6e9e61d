import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { createLogger } from '../../shared/logger';
import en from './locales/en.json';

/** The languages the app ships, with their names as their speakers write them. */
export const languages = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;

/** A language code the app ships. */
export type LanguageCode = (typeof languages)[number]['code'];

/** Where the chosen language is kept: the one thing removing a team's data leaves (it is no one's data). */
export const languageStorageKey = 'desk.language';

function isLanguageCode(value: string | null): value is LanguageCode {
  return languages.some((language) => language.code === value);
}

/** The language to start in: the user's last choice, else the system's, else English. */
export function initialLanguage(stored: string | null, preferred: readonly string[]): LanguageCode {
  if (isLanguageCode(stored)) return stored;
  return preferred.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/**
 * Every language but English, loaded when first used: the first screen parses only the strings it
 * shows (issue 20). English is always there, as the fallback for a key a translation lacks.
 */
const otherLanguages: Record<Exclude<LanguageCode, 'en'>, () => Promise<{ default: Record<string, unknown> }>> = {
  'zh-CN': () => import('./locales/zh-CN.json'),
};

const log = createLogger('i18n');

/** The strings of `language` other than English, fetched once per instance. */
async function ensureLanguage(instance: i18n, language: LanguageCode): Promise<void> {
  if (language === 'en' || instance.hasResourceBundle(language, 'translation')) return;
  instance.addResourceBundle(language, 'translation', (await otherLanguages[language]()).default);
}

/**
 * Creates the app's i18n instance in `language`; every user-visible string goes through it. When
 * that language's strings cannot be fetched (the host gone as the app starts), it starts in
 * English and says why in the log.
 */
export async function createI18n(language: LanguageCode): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: 'en',
    fallbackLng: 'en',
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false },
  });
  try {
    await ensureLanguage(instance, language);
    await instance.changeLanguage(language);
  } catch (error) {
    log.warn('a language could not be loaded; starting in English', { language, error: String(error) });
  }
  return instance;
}

/**
 * Switches the language once its strings are here, remembers the choice, and keeps `<html lang>`
 * true for screen readers. Rejects, changing nothing, when the strings cannot be fetched.
 */
export async function changeLanguage(instance: i18n, language: LanguageCode, storage: Storage): Promise<void> {
  await ensureLanguage(instance, language);
  storage.setItem(languageStorageKey, language);
  await instance.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Reads the remembered language choice. */
export function storedLanguage(storage: Storage): string | null {
  return storage.getItem(languageStorageKey);
}
