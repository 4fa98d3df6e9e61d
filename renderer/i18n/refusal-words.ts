import type { TFunction } from 'i18next';
import type { RefusalParam, RefusalParams } from '../../shared/domain/refusals';
import type { Money } from '../../shared/domain/money';
import { formatDateTime, formatList, formatMoney } from '../ui/format';

/** A refusal as the renderer meets it: from the rules, a rejected outcome, or an older outbox entry. */
export interface RefusalLike {
  code?: string;
  message?: string;
  params?: RefusalParams;
}

/** What wording a refusal needs besides the translations: the user's language and how to name things. */
export interface RefusalWordsOptions {
  t: TFunction;
  locale: string;
  /** An evidence item's label and file name ("E-100180-1 · receipt.jpg"), or undefined when unknown. */
  evidenceLabel?: (evidenceId: string) => string | undefined;
  /** A team member's name by user id. */
  personName?: (userId: string) => string;
}

/** A refusal in words: the sentence, and `lang: 'en'` when it is the service's English message. */
export interface RefusalWords {
  text: string;
  lang?: 'en';
}

/** Parameters whose value is a code with a label under `labels.<section>`. */
const labelled: Record<string, string> = {
  state: 'state',
  event: 'event',
  role: 'role',
  action: 'action',
  refundKind: 'refundKind',
  party: 'party',
  requestParty: 'party',
};

function isMoney(value: RefusalParam): value is Money {
  return typeof value === 'object' && !Array.isArray(value) && 'amountMinor' in value;
}

/** Each parameter as the sentence shows it: names for ids, local dates and money, labels for codes. */
function wordParams(params: RefusalParams, options: RefusalWordsOptions): Record<string, string | number> {
  const { t, locale } = options;
  const item = (id: string) => options.evidenceLabel?.(id);
  const words: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'variant') continue;
    if (name === 'evidenceId' && typeof value === 'string') words.item = item(value) ?? t('refusals._anItem');
    else if (name === 'evidenceIds' && Array.isArray(value)) {
      const known = (value as readonly string[]).map(item).filter((label): label is string => label !== undefined);
      words.items = known.length === value.length && known.length > 0 ? formatList(known, locale) : t('refusals._someItems');
    } else if (name === 'userId' && typeof value === 'string') words.person = options.personName?.(value) ?? t('refusals._someone');
    else if (name.endsWith('At') && typeof value === 'string') words[name] = formatDateTime(value, locale);
    else if (isMoney(value)) words[name] = formatMoney(value, locale);
    else if (typeof value === 'string' && labelled[name] !== undefined) words[name] = t(`labels.${labelled[name]}.${value}`, { defaultValue: value });
    else if (typeof value === 'string' || typeof value === 'number') words[name] = value;
  }
  return words;
}

/**
 * A refusal in the user's language, from its code and parameters: evidence by label, people by
 * name, dates and money as the locale writes them. A refusal without parameters (a desk or service
 * older than them) or with a code this version has no words for is given by its English message.
 */
export function refusalWords(refusal: RefusalLike, options: RefusalWordsOptions): RefusalWords {
  const { t, code, params } = { t: options.t, code: refusal.code, params: refusal.params };
  const worded = code !== undefined && options.t(`refusals.${code}.default`, { defaultValue: '' }) !== '';
  if (worded && (params !== undefined || refusal.message === undefined)) {
    const variant = typeof params?.variant === 'string' ? params.variant : undefined;
    const keys = variant === undefined ? [`refusals.${code}.default`] : [`refusals.${code}.${variant}`, `refusals.${code}.default`];
    const words = wordParams(params ?? {}, options);
    // Words missing a parameter (an older entry) still read: the placeholders get the neutral words.
    const text = t(keys, { item: t('refusals._anItem'), items: t('refusals._someItems'), person: t('refusals._someone'), ...words });
    return { text };
  }
  if (refusal.message !== undefined) return { text: refusal.message, lang: 'en' };
  return { text: t('attention.noMessage') };
}

/** A refusal's sentence in the user's language (see `refusalWords`). */
export function refusalText(refusal: RefusalLike, options: RefusalWordsOptions): string {
  return refusalWords(refusal, options).text;
}
