import { Paper, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/** One titled part of Settings: a section named by its heading, a line saying what it is for, then its content. */
export function SettingsPanel(props: { title: string; hint: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" mb="xs" id={headingId}>
        {props.title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {props.hint}
      </Text>
      {props.children}
    </Paper>
  );
}
