import { Alert, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { verifyStoredAudit } from '../../data/audit-verify';
import type { AuditRecord } from '../../data/db';
import { useDeskData } from '../../data/DeskDataProvider';
import { formatDateTime } from '../../ui/format';
import { bannerState, reverifyDelay } from './verify-state';

/**
 * The log's state on this computer and its verification: run offline over the stored copy
 * against the head the service last reported, naming the first bad entry when there is one.
 * Entries pulled after a verification mark it out of date, and are verified in the background
 * once they stop arriving; green never stands for entries not verified.
 */
/** How often the verification's progress bar moves. */
const progressEveryMs = 200;

export function VerifyPanel(props: { record: AuditRecord | null }) {
  const { t, i18n } = useTranslation();
  const { db } = useDeskData();
  const [progress, setProgress] = useState<{ checked: number; total: number }>();
  const { record } = props;
  const verification = record?.verification;
  const stored = record?.lastSeq ?? 0;
  const banner = bannerState(record);
  const running = useRef(false);

  async function verify(background = false) {
    if (running.current) return;
    running.current = true;
    // A background run keeps the out-of-date banner on screen rather than a progress bar.
    if (!background) setProgress({ checked: 0, total: stored });
    // A page is checked every few milliseconds; drawn each time, the bar took the page's thread from
    // the verification (issue 20). It moves five times a second instead, and shows the end.
    let shownAt = performance.now();
    const showProgress = (checked: number, total: number) => {
      const now = performance.now();
      if (now - shownAt < progressEveryMs && checked < total) return;
      shownAt = now;
      setProgress({ checked, total });
    };
    try {
      await verifyStoredAudit(db, background ? undefined : showProgress);
    } finally {
      running.current = false;
      setProgress(undefined);
    }
  }

  useEffect(() => {
    const delay = reverifyDelay(record, Date.now());
    if (delay === undefined) return undefined;
    const timer = setTimeout(() => void verify(true), delay);
    return () => clearTimeout(timer);
    // Rescheduled whenever a pull or a verification changes the record.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [record]);

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="audit-verify-title">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2} size="h4" id="audit-verify-title">
              {t('audit.verify.title')}
            </Title>
            <Text size="sm" c="dimmed" data-testid="audit-log-state">
              {record === null || record.pulledAt === null
                ? t('audit.verify.notPulled')
                : t('audit.verify.stored', { count: stored, head: record.head?.seq ?? 0, at: formatDateTime(record.pulledAt, i18n.language) })}
            </Text>
            {(record?.redacted ?? 0) > 0 && (
              <Text size="sm" c="dimmed" data-testid="audit-redacted">
                {t('audit.verify.redacted', { count: record?.redacted ?? 0 })}
              </Text>
            )}
          </Stack>
          <Button onClick={() => void verify()} loading={progress !== undefined} disabled={record === null || record.pulledAt === null}>
            {t('audit.verify.run')}
          </Button>
        </Group>
        {record?.failure && (
          <Alert color="orange" title={t('audit.verify.pullFailed')} role="alert">
            <span lang="en">{record.failure.message}</span>
          </Alert>
        )}
        {progress !== undefined && (
          <Progress
            transitionDuration={0}
            value={progress.total === 0 ? 100 : (100 * progress.checked) / progress.total}
            aria-label={t('audit.verify.progress', { checked: progress.checked, total: progress.total })}
          />
        )}
        {progress === undefined && verification && banner.kind === 'current' && (
          // A current verification is one line, so the decision log below keeps the screen.
          <Alert data-testid="audit-verdict" data-state="current" color="teal" role="status" p="xs">
            <Text size="sm" span fw={600}>
              {verification.count === 0 ? t('audit.verify.empty') : t('audit.verify.ok', { count: verification.count })}
            </Text>{' '}
            <Text size="xs" span c="dimmed">
              <CheckedWhen at={verification.at} rate={verification.rate} />
            </Text>
          </Alert>
        )}
        {progress === undefined && verification && banner.kind !== 'current' && (
          <Alert
            data-testid="audit-verdict"
            data-state={banner.kind}
            color={banner.kind === 'stale' ? 'yellow' : 'red'}
            role={verification.ok ? 'status' : 'alert'}
            title={
              banner.kind === 'stale'
                ? t('audit.verify.stale', { count: banner.count, newSince: banner.newSince })
                : t('audit.verify.bad', { position: (verification.problem?.position ?? 0) + 1, seq: verification.problem?.seq ?? '—' })
            }
          >
            <Stack gap={2}>
              {verification.problem && <Text lang="en">{verification.problem.message}</Text>}
              {!verification.ok && <Text size="sm">{t('audit.verify.badAdvice')}</Text>}
              {banner.kind === 'stale' && <Text size="sm">{t('audit.verify.staleBody')}</Text>}
              <Text size="xs" c="dimmed">
                <CheckedWhen at={verification.at} rate={verification.rate} />
              </Text>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * When and how fast the log was checked. The time never breaks across lines: at 1280 wide the
 * banner's sentence would otherwise leave "AM" or the hour alone on the next line.
 */
function CheckedWhen(props: { at: string; rate: number }) {
  const { i18n } = useTranslation();
  return (
    <Trans
      i18nKey="audit.verify.when"
      values={{ at: formatDateTime(props.at, i18n.language), rate: props.rate }}
      // The strings mark the time as <0>…</0>: a tag translators leave alone in any language.
      components={[<time key="at" dateTime={props.at} style={{ whiteSpace: 'nowrap' }} />]}
    />
  );
}
