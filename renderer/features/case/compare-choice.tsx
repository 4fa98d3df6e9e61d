import { Button, Group, Text } from '@mantine/core';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { partySchema, type EvidenceItem, type Party } from '../../../shared/domain/model';

/**
 * What the case view asks the shell to compare: evidence of a case, or an object named only by
 * a flag (the other side of a near duplicate, perhaps in another case).
 */
export type CompareTarget = { disputeId: string; evidenceId: string } | { sha256: string; disputeId?: string; fileName?: string; party?: Party };

/** The viewer shows two to four items at once. */
export const compareMin = 2;
export const compareMax = 4;

/** Whether an item can be shown in the viewer: a photo or a video with a stored file. */
export function isComparable(item: EvidenceItem): boolean {
  return item.sha256 !== undefined && (item.kind === 'photo' || item.kind === 'video');
}

/** The two items a near-duplicate flag names, or undefined for any other flag (or one without the other's digest). */
export function nearDuplicatePair(disputeId: string, item: EvidenceItem, flag: EvidenceFlag): CompareTarget[] | undefined {
  const other = flag.details.otherSha256;
  if (flag.code !== 'near_duplicate' || typeof other !== 'string' || other === '') return undefined;
  const text = (key: string) => {
    const value = flag.details[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const party = partySchema.safeParse(flag.details.otherParty);
  return [
    { disputeId, evidenceId: item.id },
    {
      sha256: other,
      ...(text('otherDisputeId') === undefined ? {} : { disputeId: text('otherDisputeId') }),
      ...(text('otherFileName') === undefined ? {} : { fileName: text('otherFileName') }),
      ...(party.success ? { party: party.data } : {}),
    },
  ];
}

/**
 * Runs `onKey` when `c` is pressed outside anything typed into. A ticked checkbox keeps the
 * focus, so unlike the library's hotkeys this listens there too: tick, tick, `c`.
 */
export function useCompareKey(onKey: () => void): void {
  const latest = useRef(onKey);
  useEffect(() => {
    latest.current = onKey;
  }, [onKey]);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'c' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('textarea, select, [contenteditable="true"], input:not([type="checkbox"]):not([type="radio"])');
      if (typing || document.querySelector('[role="dialog"]')) return;
      event.preventDefault();
      latest.current();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** "Compare (n)" beside the evidence's title: enabled with two to four items ticked; `c` does the same. */
export function CompareBar(props: { ticked: number; onCompare: () => void }) {
  const { t } = useTranslation();
  const hintId = useId();
  const ready = props.ticked >= compareMin && props.ticked <= compareMax;
  return (
    <Group gap="sm" wrap="nowrap">
      <Text id={hintId} size="xs" c={props.ticked > compareMax ? 'red.9' : 'dimmed'}>
        {props.ticked > compareMax ? t('case.compare.tooMany', { max: compareMax }) : t('case.compare.hint', { min: compareMin, max: compareMax })}
      </Text>
      <Button size="xs" variant={ready ? 'filled' : 'default'} disabled={!ready} aria-describedby={hintId} onClick={props.onCompare}>
        {t('case.compare.button', { count: props.ticked })}
      </Button>
    </Group>
  );
}
