import { Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOptionalDeskData } from '../../data/DeskDataProvider';
import type { DeskResponse } from '../../../shared/contract/calls';
import { languages, type LanguageCode } from '../../i18n';
import { AccountPanel } from './AccountPanel';
import { EvidenceLinksForm } from './EvidenceLinksForm';
import { EvidenceSpaceForm } from './EvidenceSpaceForm';
import { LogFolderRow } from './LogFolderRow';
import { MediaToolsPanel } from './MediaToolsPanel';
import { PassphraseForm } from './PassphraseForm';
import { RetentionPanel } from './RetentionPanel';
import { ServicePanel, type ServiceAddressSlot } from './ServicePanel';
import { SignInLocksPanel } from './SignInLocksPanel';

/**
 * Who is signed in (and, for team leads, the accounts locked after failed sign-ins), the case service, language choice, the hosts evidence links may point to, the
 * media tools in use, and the facts of this installation (version, host, data and log folders).
 */
export function SettingsScreen(props: {
  appInfo: DeskResponse<'app.info'> | undefined;
  language: LanguageCode;
  onLanguageChange: (language: LanguageCode) => void;
  onSignedOut: () => void;
  serviceAddressForm: ServiceAddressSlot;
}) {
  const { t } = useTranslation();
  const { appInfo } = props;
  return (
    <Stack gap="lg" maw={720}>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      <AccountPanel onSignedOut={props.onSignedOut} />
      <SignInLocksPanel />
      <ServicePanel addressForm={props.serviceAddressForm} />
      <RetentionPanel />
      <Select
        label={t('settings.language')}
        data={languages.map((language) => ({ value: language.code, label: language.label }))}
        value={props.language}
        allowDeselect={false}
        onChange={(value) => {
          const chosen = languages.find((language) => language.code === value);
          if (chosen) props.onLanguageChange(chosen.code);
        }}
        maw={280}
      />
      <EvidenceLinksForm />
      <EvidenceSpaceForm />
      <PassphraseForm />
      <MediaToolsPanel mediaTools={appInfo?.mediaTools} />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('settings.about')}
        </Title>
        {appInfo ? (
          <Table variant="vertical" withTableBorder={false}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={160}>{t('settings.version')}</Table.Th>
                <Table.Td>{appInfo.version}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('settings.host')}</Table.Th>
                <Table.Td>{t(`status.host.${appInfo.host}`)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('settings.serviceUrl')}</Table.Th>
                <Table.Td>{appInfo.serviceUrl ?? t('settings.noService')}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('settings.dataDir')}</Table.Th>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {appInfo.dataDir}
                  </Text>
                </Table.Td>
              </Table.Tr>
              <LogFolderRow appInfo={appInfo} />
              <Table.Tr>
                <Table.Th>{t('settings.atRest.title')}</Table.Th>
                <Table.Td data-testid="at-rest">
                  <Text size="sm">{t(`settings.atRest.${appInfo.atRest.protection}`, { backend: appInfo.atRest.backend })}</Text>
                  {appInfo.atRest.protection === 'key-file' && appInfo.atRest.unusableKeychain !== null && (
                    <Text size="sm" c="orange.9">
                      {t('settings.atRest.unusableKeychain', { backend: appInfo.atRest.unusableKeychain })}
                    </Text>
                  )}
                  {appInfo.atRest.made && appInfo.atRest.setAside === null && (
                    <Text size="sm" c="dimmed">
                      {t('settings.atRest.made')}
                    </Text>
                  )}
                  {appInfo.atRest.setAside !== null && (
                    <Text size="sm" c="orange.9">
                      {t('settings.atRest.setAside', { folder: appInfo.atRest.setAside })}
                    </Text>
                  )}
                  <RecordsAtRest />
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        ) : (
          <Text c="dimmed">{t('settings.loading')}</Text>
        )}
      </Paper>
    </Stack>
  );
}

/** Whether the case records kept here are sealed too (decision 0038), under the evidence's key. */
function RecordsAtRest() {
  const { t } = useTranslation();
  const db = useOptionalDeskData()?.db;
  if (db === undefined) return null;
  return db.seal === undefined ? (
    <Text size="sm" c="orange.9">
      {t('settings.atRest.recordsPlain')}
    </Text>
  ) : (
    <Text size="sm">{t('settings.atRest.records')}</Text>
  );
}
