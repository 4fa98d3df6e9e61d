import { Paper, SimpleGrid, Text } from '@mantine/core';

/** The dashboards' headline figures, each a labelled value in a description list. */
export function Headline(props: { items: { testId: string; label: string; value: string }[] }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 2, sm: 3, lg: props.items.length }} spacing="sm" m={0}>
      {props.items.map((item) => (
        <Paper key={item.testId} withBorder p="sm" data-testid={item.testId}>
          <Text component="dt" size="xs" c="dimmed">
            {item.label}
          </Text>
          <Text component="dd" m={0} fz="xl" fw={700}>
            {item.value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
