// The sections a case manager does not need for the first screen, each in a script of its own
// (issue 20): the case view, the compare viewer (its demuxers and decoder) and the audit (its
// charts). The queues paint without parsing them; they are fetched once the browser is idle after
// the first paint, so opening one later rarely waits.
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createLogger } from '../../shared/logger';
import { whenIdle } from '../ui/when-idle';

const log = createLogger('lazy-sections');

const loaders = {
  case: () => import('../features/case'),
  compare: () => import('../features/compare'),
  audit: () => import('./AuditSection'),
};

export const CaseView = lazy(async () => ({ default: (await loaders.case()).CaseView }));
export const CompareScreen = lazy(async () => ({ default: (await loaders.compare()).CompareScreen }));
export const AuditSection = lazy(async () => ({ default: (await loaders.audit()).AuditSection }));

/** Shows `children` once their script is here, and a spinner named "Opening…" until then. */
export function SectionLoading(props: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <Center p="xl">
          <Loader role="status" aria-label={t('app.opening')} />
        </Center>
      }
    >
      {props.children}
    </Suspense>
  );
}

/**
 * Fetches and evaluates every section's script once the browser has nothing else to do, one after
 * another. A failure (the host gone, say) is logged: the section tries again when it is opened.
 */
export function prefetchSections(target: Window = window): () => void {
  let stopped = false;
  const idle = (next: () => void) => whenIdle(next, target);
  const queue = Object.entries(loaders);
  const step = () => {
    const entry = queue.shift();
    if (stopped || !entry) return;
    const [name, load] = entry;
    load().then(
      () => idle(step),
      (error: unknown) => {
        log.warn('a section could not be fetched ahead', { section: name, error: String(error) });
        idle(step);
      },
    );
  };
  idle(step);
  return () => {
    stopped = true;
  };
}
