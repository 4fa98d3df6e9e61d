import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useId, type FormEventHandler, type ReactNode } from 'react';

/**
 * A case action's form as its own titled region: the fields, a refusal the rules or the service
 * gave (in English, as the rules word it, so marked for screen readers), and submit and cancel.
 */
export function FormPanel(props: {
  title: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  submitLabel: string;
  cancelLabel: string;
  submitting?: boolean;
  /** Why the last attempt was refused, as the rules worded it. */
  refusal?: string;
  /** More buttons beside submit and cancel, such as discarding a saved draft. */
  extraActions?: ReactNode;
  disabled?: boolean;
  /** The form element's id, for finding its fields (the first one in error, say). */
  formId?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" shadow="xs">
      <form noValidate onSubmit={props.onSubmit} id={props.formId}>
        <Stack gap="md">
          <Title order={3} size="h4" id={headingId}>
            {props.title}
          </Title>
          {props.children}
          {props.refusal !== undefined && (
            <Alert color="red" role="alert" lang="en">
              {props.refusal}
            </Alert>
          )}
          <Group gap="sm">
            <Button type="submit" color="indigo.8" loading={props.submitting} disabled={props.disabled}>
              {props.submitLabel}
            </Button>
            <Button variant="default" onClick={props.onCancel}>
              {props.cancelLabel}
            </Button>
            {props.extraActions}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
