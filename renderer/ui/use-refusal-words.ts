import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dispute } from '../../shared/domain/model';
import { usePersonName } from '../data/use-team';
import { refusalWords, type RefusalLike, type RefusalWords } from '../i18n/refusal-words';
import { evidenceNamer } from './labels';

/**
 * Words refusals about `dispute` in the user's language: its evidence by name, people by name.
 * Returns the sentence and `lang: 'en'` when only the service's English message was there.
 */
export function useRefusalWords(dispute?: Pick<Dispute, 'evidence'>): (refusal: RefusalLike) => RefusalWords {
  const { t, i18n } = useTranslation();
  const personName = usePersonName();
  return useCallback(
    (refusal) => refusalWords(refusal, { t, locale: i18n.language, evidenceLabel: evidenceNamer(t, dispute), personName }),
    [t, i18n.language, dispute, personName],
  );
}
