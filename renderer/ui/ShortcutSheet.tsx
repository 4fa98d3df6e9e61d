import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The `?` sheet: each shortcut's keys beside what it does. Each screen passes its own list
 * (keys as shown, the i18n key of the action), so the sheet always matches the screen it is on.
 */
export function ShortcutSheet(props: { opened: boolean; onClose: () => void; title: string; shortcuts: readonly (readonly [string, string])[] }) {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} closeButtonProps={{ 'aria-label': t('app.close') }}>
      <Table>
        <Table.Tbody>
          {props.shortcuts.map(([keys, label]) => (
            <Table.Tr key={keys}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Kbd>{keys}</Kbd>
              </Table.Td>
              <Table.Td>{t(label)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
