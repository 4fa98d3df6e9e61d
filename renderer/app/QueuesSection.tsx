import { caseActionAllowed } from '../../shared/domain/case-actions';
import { createLogger } from '../../shared/logger';
import { Alert, Button, Loader, Stack } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskData, useSyncStatus } from '../data/DeskDataProvider';
import { dismissChange } from '../data/dismissed-changes';
import { enqueueMutation } from '../data/outbox';
import { ChangeList, NeedsAttention } from '../features/attention';
import type { CasePlace } from '../features/case';
import { SecondReviewForm } from '../features/review';
import { ConnectScreen } from '../features/session';
import { EvidenceIntake } from '../features/evidence';
import { landingFor, QueuesScreen } from '../features/queue';
import { useOpenCaseFetch } from '../features/transfers';
import { EmptyScreen } from '../ui/EmptyScreen';
import { evidenceName } from '../ui/labels';
import { useRefusalWords } from '../ui/use-refusal-words';
import { useNow } from '../ui/use-now';
import { usePersonName } from '../data/use-team';
import { useColleaguesOnCase, useHoldPresence } from '../data/use-presence';
import type { PersonOnCase } from '../data/presence';
import { RulingCollision } from './RulingCollision';
import { CaseActionForm, type OpenForm } from './CaseActionForm';
import { CaseView, SectionLoading } from './lazy-sections';
import { SignInAgain } from './SignInAgain';

const log = createLogger('queues-section');

/**
 * The Queues section: connect to a case service (first run), sign in, then the queues, and a case
 * opened from them. The open case is the shell's, so coming back from the evidence viewer finds
 * it still open.
 */
export function QueuesSection(props: {
  openCaseId: string | undefined;
  onOpenCase: (id: string | undefined) => void;
  onCompare: NonNullable<ComponentProps<typeof CaseView>['onCompare']>;
  /** Where the user was in the open case when they left for the viewer, and how far down. */
  returnTo?: CasePlace & { scrollY: number };
}) {
  const { t } = useTranslation();
  const { db, serviceUrl, session, syncNow } = useDeskData();
  const { openCaseId, onOpenCase: setOpenCaseId } = props;
  // What became of the last action taken here. A notice about a change follows that change: queued
  // while it waits, then applied or refused as the service answered, so a green "queued" never
  // stands beside REFUSED.
  const [notice, setNotice] = useState<{ color: string; text: string; change?: { mutationId: number | undefined; name: string } }>();
  const noticeChange = useLiveQuery(
    async () => (notice?.change?.mutationId === undefined ? undefined : (await db.outbox.get(notice.change.mutationId))?.status),
    [db, notice?.change?.mutationId],
  );
  const shownNotice =
    notice?.change === undefined || noticeChange === undefined || noticeChange === 'pending'
      ? notice
      : noticeChange === 'applied'
        ? { color: 'teal', text: t(`queue.actionApplied.${notice.change.name}`) }
        : { color: 'red', text: t('queue.actionRefused') };
  // Shown beside the intake, where the user is looking when a stored file cannot join the dispute.
  const [evidenceRefusal, setEvidenceRefusal] = useState<string>();
  const [form, setForm] = useState<OpenForm>();
  const now = useNow();
  const status = useSyncStatus();
  const openCase = useLiveQuery(() => (openCaseId ? db.disputes.get(openCaseId) : undefined), [db, openCaseId]);
  const personName = usePersonName();
  const { returnTo } = props;
  const returning = returnTo !== undefined && openCase !== undefined && returnTo.disputeId === openCase.id;
  // Back from the viewer: the window goes back to where it was. The case is drawn again over many
  // frames (live queries, the pinned header's measure, thumbnails and the intake's list), so each
  // time the page changes height it scrolls there again, for up to five seconds, until the user
  // scrolls, clicks or types: from then on the place is theirs.
  useEffect(() => {
    if (!returning) return;
    const target = returnTo.scrollY;
    const follow = () => window.scrollTo({ top: target });
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(follow);
    const userMoves = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const;
    const stop = () => {
      observer?.disconnect();
      clearTimeout(limit);
      for (const event of userMoves) window.removeEventListener(event, stop, true);
    };
    const limit = setTimeout(stop, 5000);
    for (const event of userMoves) window.addEventListener(event, stop, { capture: true, passive: true });
    observer?.observe(document.body);
    follow();
    return stop;
  }, [returning, returnTo]);
  // The open case's files come first, before the background's: a colleague's evidence is here to compare.
  useOpenCaseFetch(openCaseId ? openCase?.doc.evidence : undefined, session?.token);
  const refusalWords = useRefusalWords(openCase?.doc);
  // Presence (issue 21): colleagues see who has this case open and who is writing on it.
  const shownCaseId = openCaseId && openCase ? openCase.id : undefined;
  const colleagues = useColleaguesOnCase(shownCaseId);
  useHoldPresence(shownCaseId, 'viewing');
  useHoldPresence(form !== undefined && form.disputeId === shownCaseId ? shownCaseId : undefined, form?.name === 'ruling.record' ? 'ruling' : 'action');
  // A colleague writing a ruling on the case this person is about to start one on: asked first.
  const [collision, setCollision] = useState<PersonOnCase>();

  // First run: no address saved and none given at start (a packaged app opened from its icon).
  if (!serviceUrl) return <ConnectScreen />;
  if (session === undefined) return <Loader role="status" aria-label={t('settings.loading')} />;
  if (session === null) return <SignInAgain />;
  // The service refused the token (it expired while offline, say): the outbox keeps every change.
  if (status.kind === 'failed' && status.failure.kind === 'signed_out') return <SignInAgain expiredFor={session.user.name} />;
  if (status.kind === 'syncing' && status.first) {
    return <EmptyScreen title={t('queues.title')} emptyTitle={t('queues.firstSyncTitle')} emptyBody={t('queues.firstSyncBody', { count: status.pulled })} />;
  }
  if (openCaseId && openCase) {
    // Starting a ruling on a case nobody holds claims it first, through the outbox as every claim
    // goes, so colleagues are told it is taken before they begin theirs, not when one is refused.
    const startRuling = async () => {
      setCollision(undefined);
      setNotice(undefined);
      if (openCase.doc.assignee === undefined && caseActionAllowed('dispute.claim', openCase.doc, session.user, now.toISOString()).ok) {
        const claimed = await enqueueMutation(db, session, 'dispute.claim', { disputeId: openCase.id }, new Date().toISOString());
        if (claimed.ok) void syncNow();
      }
      setForm({ disputeId: openCase.id, name: 'ruling.record' });
    };
    return (
      <Stack>
        <RulingCollision writer={collision} onStart={() => void startRuling()} onCancel={() => setCollision(undefined)} />
        <Button variant="subtle" w="fit-content" onClick={() => { setOpenCaseId(undefined); setNotice(undefined); setEvidenceRefusal(undefined); setForm(undefined); }}>
          {t('queue.backToQueue')}
        </Button>
        <SectionLoading>
          <CaseView
            dispute={openCase.doc}
            now={now.toISOString()}
            actor={session.user}
            personName={personName}
            onCompare={props.onCompare}
            returnTo={returnTo}
            secondReview={
              openCase.doc.secondReview && openCase.doc.ruling ? (
                <SecondReviewForm
                  review={openCase.doc.secondReview}
                  ruling={{ ruledBy: openCase.doc.ruling.ruledBy, outcome: openCase.doc.ruling.outcome }}
                  canRecord={caseActionAllowed('review.record', openCase.doc, session.user, now.toISOString()).ok}
                  onRecord={async (verdict, comment) => {
                    const result = await enqueueMutation(db, session, 'review.record', { disputeId: openCase.id, verdict, comment }, new Date().toISOString());
                    if (result.ok) void syncNow();
                    return result.ok ? undefined : refusalWords(result).text;
                  }}
                />
              ) : undefined
            }
            colleagues={colleagues}
            onAction={async (name) => {
              if (name === 'ruling.record') {
                const writer = colleagues.find((person) => person.activity === 'ruling');
                if (writer) setCollision(writer);
                else await startRuling();
                return;
              }
              if (name !== 'dispute.claim' && name !== 'dispute.release') {
                setNotice(undefined);
                setForm({ disputeId: openCase.id, name });
                return;
              }
              const result = await enqueueMutation(db, session, name, { disputeId: openCase.id }, new Date().toISOString());
              setNotice(result.ok ? { color: 'teal', text: t(`queue.actionQueued.${name}`), change: { mutationId: result.mutationId, name } } : { color: 'red', text: refusalWords(result).text });
              if (result.ok) void syncNow();
            }}
            // Under the actions, where the case manager just clicked: the open form, or what became of the action.
            actionForm={
              form?.disputeId === openCase.id ? (
                <CaseActionForm
                  key={`${form.name}-${form.replaces?.mutationId ?? ''}`}
                  form={form}
                  dispute={openCase.doc}
                  now={now.toISOString()}
                  onClose={() => setForm(undefined)}
                  onQueued={() => {
                    // A ruling made again from Needs attention settles the refused one it replaces.
                    if (form.replaces) {
                      const replaced = form.replaces;
                      // Failing, the refused one stays in Needs attention, where it can be discarded by hand.
                      dismissChange(db, session.user.id, replaced).catch((error: unknown) =>
                        log.error('settling the refused ruling this one replaces failed', { mutationId: replaced.mutationId, error: String(error) }),
                      );
                    }
                    setForm(undefined);
                    // The change just queued is the newest in the outbox: its outcome retires the notice.
                    void db.outbox
                      .orderBy('mutationId')
                      .last()
                      .then((queued) => setNotice({ color: 'teal', text: t(`queue.actionQueued.${form.name}`), change: { mutationId: queued?.mutationId, name: form.name } }));
                  }}
                />
              ) : (
                shownNotice && (
                  <Alert color={shownNotice.color} role="status" onClose={() => setNotice(undefined)} withCloseButton>
                    {shownNotice.text}
                  </Alert>
                )
              )
            }
            changes={<ChangeList disputeId={openCase.id} dispute={openCase.doc} />}
            evidenceIntake={
              <Stack gap="xs">
                {evidenceRefusal !== undefined && (
                  <Alert color="red" role="alert" onClose={() => setEvidenceRefusal(undefined)} withCloseButton>
                    {evidenceRefusal}
                  </Alert>
                )}
                <EvidenceIntake
                  key={openCase.id}
                  dispute={openCase.doc}
                  actor={session.user}
                  onStored={async (item) => {
                    const result = await enqueueMutation(db, session, 'evidence.add', { disputeId: openCase.id, item }, new Date().toISOString());
                    if (result.ok) void syncNow();
                    else setEvidenceRefusal(t('queue.evidenceRefused', { file: evidenceName(t, item), message: refusalWords(result).text }));
                  }}
                />
              </Stack>
            }
          />
        </SectionLoading>
      </Stack>
    );
  }
  return (
    <QueuesScreen
      key={session.user.id}
      userId={session.user.id}
      initialQueue={landingFor(session.user.role).queue}
      onOpenCase={setOpenCaseId}
      attention={
        <NeedsAttention
          onOpenDispute={setOpenCaseId}
          onRuleAgain={(disputeId, draft, change) => {
            setForm({ disputeId, name: 'ruling.record', prefill: draft, replaces: change.entry });
            setOpenCaseId(disputeId);
          }}
        />
      }
    />
  );
}
