import { Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One dashboard card: a heading, an optional subtitle, the chart for the eye and, below it, a table
 * with the same numbers for screen readers, copying and tests.
 */
export function ChartCard(props: { title: string; subtitle?: string; testId: string; chart?: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <Card component="section" withBorder padding="md" aria-labelledby={headingId} data-testid={props.testId}>
      <Stack gap="xs">
        <div>
          <Title order={3} size="h5" id={headingId}>
            {props.title}
          </Title>
          {props.subtitle && (
            <Text size="xs" c="dimmed">
              {props.subtitle}
            </Text>
          )}
        </div>
        {props.chart}
        {props.children}
      </Stack>
    </Card>
  );
}

/** A row of a {@link DataTable}: its header cell (a case manager, a day) and its values. */
export interface DataRow {
  key: string;
  header: string;
  cells: ReactNode[];
}

/**
 * A compact table of a chart's numbers: one row per case manager (or period), the first column a
 * row header, values right-aligned. `total` is shown as the table's foot.
 */
export function DataTable(props: { label: string; columns: string[]; rows: DataRow[]; total?: DataRow; maxHeight?: number }) {
  const row = (data: DataRow) => (
    <Table.Tr key={data.key}>
      <Table.Th scope="row" fw={500}>
        {data.header}
      </Table.Th>
      {data.cells.map((cell, index) => (
        <Table.Td key={index} ta="right">
          {cell}
        </Table.Td>
      ))}
    </Table.Tr>
  );
  return (
    // The table scrolls in its own box: keyboard users reach it to scroll it (axe's scrollable-region-focusable).
    <Table.ScrollContainer minWidth={props.columns.length * 90} maxHeight={props.maxHeight ?? 260} type="native" tabIndex={0} role="region" aria-label={props.label}>
      <Table aria-label={props.label} fz="xs" verticalSpacing={2} striped tabularNums stickyHeader>
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((column, index) => (
              <Table.Th key={column} scope="col" ta={index === 0 ? undefined : 'right'}>
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{props.rows.map(row)}</Table.Tbody>
        {props.total && <Table.Tfoot>{row(props.total)}</Table.Tfoot>}
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A table shown on request. A year of days by twenty case managers is thousands of cells, which
 * would slow the dashboards' first render for a table most people never open.
 */
export function DataTableOnRequest(props: { children: () => ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const tableId = useId();
  return (
    <Stack gap={4} align="flex-start">
      <Button variant="subtle" size="compact-xs" aria-expanded={open} aria-controls={open ? tableId : undefined} onClick={() => setOpen(!open)}>
        {open ? t('audit.dashboard.hideTable') : t('audit.dashboard.showTable')}
      </Button>
      {open && (
        <div id={tableId} style={{ width: '100%' }}>
          {props.children()}
        </div>
      )}
    </Stack>
  );
}
