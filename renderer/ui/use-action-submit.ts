import type { TFunction } from 'i18next';
import { useState } from 'react';
import type { FieldError, FieldValues, Path, UseFormReturn } from 'react-hook-form';
import type { EnqueueResult } from '../data/outbox';
import { useRefusalWords } from './use-refusal-words';

/**
 * Queues a case action's change and places a refusal where it belongs: beside the field it
 * concerns (`fieldOf` knows which), or over the form. A queued change calls `onDone`.
 */
export function useActionSubmit<F extends FieldValues>(form: UseFormReturn<F>, fieldOf: (code: string) => Path<F> | undefined, onDone: () => void) {
  const [refusal, setRefusal] = useState<string>();
  const words = useRefusalWords();
  async function submit(run: () => Promise<EnqueueResult>): Promise<void> {
    setRefusal(undefined);
    const result = await run();
    if (result.ok) {
      onDone();
      return;
    }
    const field = fieldOf(result.code);
    const message = words(result).text;
    // `rule` marks the rules' own sentence, shown as worded; the form's checks give i18n keys.
    if (field !== undefined) form.setError(field, { type: 'rule', message }, { shouldFocus: true });
    else setRefusal(message);
  }
  return { refusal, submit };
}

/** A field's error as shown: the rules' sentence as worded, or the form check's message translated. */
export function errorText(t: TFunction, error: Pick<FieldError, 'message'> & { type?: string } | undefined): string | undefined {
  if (error?.message === undefined) return undefined;
  return error.type === 'rule' ? error.message : t(error.message);
}
