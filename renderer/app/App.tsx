import { Alert, AppShell, Loader, NavLink, Title } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDatabase } from '../data/db';
import { DeskDataProvider, useDeskData } from '../data/DeskDataProvider';
import type { CasePlace } from '../features/case';
import type { ViewerItemRef } from '../features/compare';
import { ServiceAddressForm } from '../features/session';
import { SettingsScreen } from '../features/settings';
import type { LanguageCode } from '../i18n';
import { landingFor } from '../features/queue';
import { QueuesSection } from './QueuesSection';
import { StatusBar } from './StatusBar';
import { TransfersStatus } from '../features/transfers';
import { SyncIndicator } from './SyncIndicator';
import { useAppInfo } from '../data/use-app-info';
import { AuditSection, CompareScreen, prefetchSections, SectionLoading } from './lazy-sections';

const sections = ['queues', 'compare', 'audit', 'settings'] as const;
type Section = (typeof sections)[number];

/** The sections this user works in: the audit is for team leads only. */
function SectionLinks(props: { section: Section; onChoose: (section: Section) => void }) {
  const { t } = useTranslation();
  const { session } = useDeskData();
  const visible = sections.filter((name) => name !== 'audit' || session?.user.role === 'team_lead');
  return visible.map((name) => (
    <NavLink
      key={name}
      component="button"
      label={t(`nav.${name}`)}
      active={props.section === name}
      aria-current={props.section === name ? 'page' : undefined}
      onClick={() => props.onChoose(name)}
    />
  ));
}

/**
 * Opens the section a role starts its day in (a team lead's audit, everyone else's queues) when
 * someone signs in or the app starts with a saved session; later choices are the user's own.
 */
function LandOnSignIn(props: { onLand: (section: Section) => void }) {
  const { session } = useDeskData();
  const landedFor = useRef<string>(undefined);
  const userId = session?.user.id;
  const role = session?.user.role;
  const { onLand } = props;
  useEffect(() => {
    // Signed out: whoever signs in next lands again, the same person included.
    if (userId === undefined || role === undefined) landedFor.current = undefined;
    if (userId === undefined || role === undefined || landedFor.current === userId) return;
    landedFor.current = userId;
    onLand(landingFor(role).section);
  }, [userId, role, onLand]);
  return null;
}

/** The app frame: navigation, the chosen section, and the status bar. Composes the features. */
export function App(props: {
  db: DeskDatabase;
  language: LanguageCode;
  onLanguageChange: (language: LanguageCode) => void;
  /** The records kept here were sealed with another key and removed at this start (records-at-rest.ts). */
  recordsReplaced?: boolean;
}) {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('queues');
  // Kept here, above the sections, so leaving the viewer returns to the case it was opened from.
  const [openCaseId, setOpenCaseId] = useState<string>();
  const [compareItems, setCompareItems] = useState<readonly ViewerItemRef[]>();
  // Where the case was left for the viewer (ticks and scroll), so "Back to the case" finds it again.
  const [casePlace, setCasePlace] = useState<CasePlace & { scrollY: number }>();
  const [replacedShown, setReplacedShown] = useState(props.recordsReplaced === true);
  const appInfo = useAppInfo();
  const serviceUrl = appInfo.status === 'ready' ? appInfo.info.serviceUrl : null;
  useEffect(() => prefetchSections(), []);

  let main: ReactNode;
  switch (section) {
    case 'queues':
      main =
        appInfo.status === 'loading' ? (
          <Loader role="status" aria-label={t('settings.loading')} />
        ) : (
          <QueuesSection
            openCaseId={openCaseId}
            onOpenCase={(id) => {
              // Another case, or none: the place kept for coming back from the viewer is no longer where the user is.
              setCasePlace(undefined);
              setOpenCaseId(id);
            }}
            returnTo={casePlace}
            onCompare={(targets, place) => {
              setCasePlace({ ...place, scrollY: window.scrollY });
              setCompareItems(targets);
              setSection('compare');
            }}
          />
        );
      break;
    case 'compare':
      main = <CompareScreen items={compareItems} onBack={openCaseId === undefined ? undefined : () => setSection('queues')} />;
      break;
    case 'audit':
      main = <AuditSection />;
      break;
    case 'settings':
      main = (
        <SettingsScreen
          appInfo={appInfo.status === 'ready' ? appInfo.info : undefined}
          language={props.language}
          onLanguageChange={props.onLanguageChange}
          serviceAddressForm={(form) => <ServiceAddressForm initial={form.initial} submitLabel={form.submitLabel} />}
          onSignedOut={() => {
            // The next person starts at the sign-in screen, with nothing of the last user's open.
            setOpenCaseId(undefined);
            setCompareItems(undefined);
            setCasePlace(undefined);
            setSection('queues');
          }}
        />
      );
      break;
  }

  return (
    <DeskDataProvider db={props.db} serviceUrl={serviceUrl}>
      <LandOnSignIn onLand={setSection} />
      <AppShell navbar={{ width: 220, breakpoint: 0 }} footer={{ height: 36 }} padding="lg">
        <AppShell.Navbar p="sm" component="nav" aria-label={t('nav.label')}>
          <Title order={2} size="h4" px="sm" pb="md">
            {t('app.name')}
          </Title>
          <SectionLinks section={section} onChoose={setSection} />
        </AppShell.Navbar>
        <AppShell.Main>
          {replacedShown && (
            <Alert color="orange" role="alert" mb="md" title={t('app.recordsReplacedTitle')} withCloseButton closeButtonLabel={t('app.close')} onClose={() => setReplacedShown(false)}>
              {t('app.recordsReplaced')}
            </Alert>
          )}
          <SectionLoading>{main}</SectionLoading>
        </AppShell.Main>
        <AppShell.Footer>
          <StatusBar appInfo={appInfo}>
            <SyncIndicator />
            <TransfersStatus />
          </StatusBar>
        </AppShell.Footer>
      </AppShell>
    </DeskDataProvider>
  );
}
