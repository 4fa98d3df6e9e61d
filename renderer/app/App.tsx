import { AppShell, NavLink, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditScreen } from '../features/audit/AuditScreen';
import { CompareScreen } from '../features/compare/CompareScreen';
import { QueuesScreen } from '../features/queue/QueuesScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import type { LanguageCode } from '../i18n';
import { StatusBar } from './StatusBar';
import { useAppInfo } from './use-app-info';

const sections = ['queues', 'compare', 'audit', 'settings'] as const;
type Section = (typeof sections)[number];

/** The app frame: navigation, the chosen section, and the status bar. Composes the features. */
export function App(props: { language: LanguageCode; onLanguageChange: (language: LanguageCode) => void }) {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('queues');
  const appInfo = useAppInfo();

  return (
    <AppShell navbar={{ width: 220, breakpoint: 0 }} footer={{ height: 36 }} padding="lg">
      <AppShell.Navbar p="sm" component="nav" aria-label={t('nav.label')}>
        <Title order={2} size="h4" px="sm" pb="md">
          {t('app.name')}
        </Title>
        {sections.map((name) => (
          <NavLink
            key={name}
            component="button"
            label={t(`nav.${name}`)}
            active={section === name}
            aria-current={section === name ? 'page' : undefined}
            onClick={() => setSection(name)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {section === 'queues' && <QueuesScreen />}
        {section === 'compare' && <CompareScreen />}
        {section === 'audit' && <AuditScreen />}
        {section === 'settings' && (
          <SettingsScreen
            appInfo={appInfo.status === 'ready' ? appInfo.info : undefined}
            language={props.language}
            onLanguageChange={props.onLanguageChange}
          />
        )}
      </AppShell.Main>
      <AppShell.Footer>
        <StatusBar appInfo={appInfo} />
      </AppShell.Footer>
    </AppShell>
  );
}
