import type { Ref } from 'react';
import { Button, Group, MultiSelect, NumberInput, SegmentedControl, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { evidenceFlagCodes, isEvidenceFlagCode } from '../../../shared/domain/evidence-checks';
import { disputeReasonSchema, disputeStateSchema } from '../../../shared/domain/model';
import type { QueueFilter, QueueSort } from './filter';

/** The queue's search box, filters and sort. The search box answers to `/`. */
export function QueueToolbar({
  searchRef,
  ...props
}: {
  search: string;
  onSearch: (text: string) => void;
  filter: QueueFilter;
  onFilter: (filter: QueueFilter) => void;
  sort: QueueSort;
  onSort: (sort: QueueSort) => void;
  onClear: () => void;
  searchRef: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const { filter } = props;
  const set = (changes: Partial<QueueFilter>) => props.onFilter({ ...filter, ...changes });
  const amount = (value: string | number) => (value === '' ? undefined : Number(value));
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <TextInput
        ref={searchRef}
        label={t('queue.search')}
        placeholder={t('queue.searchPlaceholder')}
        value={props.search}
        onChange={(event) => props.onSearch(event.currentTarget.value)}
        w={240}
      />
      <MultiSelect
        label={t('queue.filters.reason')}
        data={disputeReasonSchema.options.map((reason) => ({ value: reason, label: t(`queue.reasons.${reason}`) }))}
        value={filter.reasons}
        onChange={(reasons) => set({ reasons: reasons.map((reason) => disputeReasonSchema.parse(reason)) })}
        w={200}
        clearable
      />
      <MultiSelect
        label={t('queue.filters.state')}
        data={disputeStateSchema.options.map((state) => ({ value: state, label: t(`queue.states.${state}`) }))}
        value={filter.states}
        onChange={(states) => set({ states: states.map((state) => disputeStateSchema.parse(state)) })}
        w={200}
        clearable
      />
      <MultiSelect
        label={t('queue.filters.evidenceFlags')}
        data={evidenceFlagCodes.map((code) => ({ value: code, label: t(`evidence.flagName.${code}`) }))}
        value={filter.evidenceFlags ?? []}
        onChange={(codes) => set({ evidenceFlags: codes.filter(isEvidenceFlagCode) })}
        w={220}
        clearable
      />
      <TextInput label={t('queue.filters.country')} value={filter.country} onChange={(event) => set({ country: event.currentTarget.value.toUpperCase().slice(0, 2) })} w={90} />
      <TextInput label={t('queue.filters.seller')} value={filter.seller} onChange={(event) => set({ seller: event.currentTarget.value })} w={150} />
      <NumberInput label={t('queue.filters.minAmount')} value={filter.minAmount ?? ''} onChange={(value) => set({ minAmount: amount(value) })} min={0} w={110} />
      <NumberInput label={t('queue.filters.maxAmount')} value={filter.maxAmount ?? ''} onChange={(value) => set({ maxAmount: amount(value) })} min={0} w={110} />
      <Select
        label={t('queue.filters.due')}
        data={(['any', 'overdue', 'within24h', 'within72h'] as const).map((due) => ({ value: due, label: t(`queue.filters.dueOptions.${due}`) }))}
        value={filter.due}
        allowDeselect={false}
        onChange={(due) => set({ due: (due ?? 'any') as QueueFilter['due'] })}
        w={150}
      />
      <SegmentedControl
        aria-label={t('queue.sort.label')}
        data={(['due', 'age', 'amount'] as const).map((sort) => ({ value: sort, label: t(`queue.sort.${sort}`) }))}
        value={props.sort}
        onChange={(sort) => props.onSort(sort as QueueSort)}
      />
      <Button variant="subtle" onClick={props.onClear}>
        {t('queue.clear')}
      </Button>
    </Group>
  );
}
