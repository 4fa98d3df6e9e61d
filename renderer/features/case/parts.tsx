import { DataList, Paper, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';

/** One titled part of the case view: an h3 under the dispute's h2, so readers can jump between parts. */
export function CaseSection(props: { title: string; children: ReactNode }) {
  return (
    <Paper component="section" withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {props.title}
      </Title>
      {props.children}
    </Paper>
  );
}

/**
 * A case section holding a table, or a sentence saying why there is nothing to list. The rows are
 * the caller's; the headers and the empty state are said once here. `actions`, shown above a
 * table that has rows, act on the rows (such as comparing the ticked ones).
 */
export function TableSection(props: { title: string; empty: string; headers: string[]; minWidth: number; children: ReactNode[]; actions?: ReactNode }) {
  return (
    <CaseSection title={props.title}>
      {props.children.length > 0 && props.actions}
      {props.children.length === 0 ? (
        <Text c="dimmed">{props.empty}</Text>
      ) : (
        <Table.ScrollContainer minWidth={props.minWidth}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                {props.headers.map((header) => (
                  <Table.Th key={header}>{header}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{props.children}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </CaseSection>
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
