import { EmptyState, Stack, Title } from '@mantine/core';

/** A screen that has nothing to show yet, saying honestly why and what will fill it. */
export function EmptyScreen(props: { title: string; emptyTitle: string; emptyBody: string }) {
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {props.title}
      </Title>
      <EmptyState title={props.emptyTitle} description={props.emptyBody} />
    </Stack>
  );
}
