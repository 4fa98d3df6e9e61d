import { DataList, Group, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';

/**
 * One titled part of the case view: an h3 under the dispute's h2, so readers can jump between
 * parts. `actions` sit beside the title and act on the whole part (comparing the ticked evidence).
 */
export function CaseSection(props: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper component="section" withBorder p="md">
      <Group justify="space-between" align="center" mb="sm" gap="sm">
        <Title order={3} size="h4">
          {props.title}
        </Title>
        {props.actions}
      </Group>
      {props.children}
    </Paper>
  );
}

/** One labelled fact in a DataList, such as "Paid: $12.34". */
export function Fact(props: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{props.label}</DataList.ItemLabel>
      <DataList.ItemValue>{props.children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** A time stamp in the UI language, keeping the exact UTC value machine-readable. */
export function Time(props: { iso: string }) {
  const { i18n } = useTranslation();
  return <time dateTime={props.iso}>{formatDateTime(props.iso, i18n.language)}</time>;
}

/**
 * Text a party or a team member wrote, rendered as a React text node and so always inert: markup
 * in it shows as the characters typed. Line breaks are kept; `dir="auto"` lets right-to-left text
 * lay out correctly.
 */
export function WrittenText(props: { text: string; lang?: string }) {
  return (
    <Text component="div" size="sm" lang={props.lang} dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {props.text}
    </Text>
  );
}
