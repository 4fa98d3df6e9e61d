import type { Ref } from 'react';
import { Button, Collapse, Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { evidenceFlagCodes, isEvidenceFlagCode } from '../../../shared/domain/evidence-checks';
import { disputeReasonSchema, disputeStateSchema } from '../../../shared/domain/model';
import { activeFilterCount, type QueueFilter, type QueueSort } from './filter';

/**
 * The queue's search box, sort and filters, on one row; the filters open below it on demand, so
 * at 1280×720 the rows get the height. The search box answers to `/`.
 */
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
  filtersOpen: boolean;
  onFiltersOpen: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const { filter } = props;
  const set = (changes: Partial<QueueFilter>) => props.onFilter({ ...filter, ...changes });
  const amount = (value: string | number) => (value === '' ? undefined : Number(value));
  const active = activeFilterCount(filter);
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="nowrap">
        <TextInput
          ref={searchRef}
          aria-label={t('queue.search')}
          placeholder={t('queue.searchPlaceholder')}
          value={props.search}
          onChange={(event) => props.onSearch(event.currentTarget.value)}
          style={{ flex: 1, minWidth: 0 }}
        />
        <Button
          variant={active > 0 ? 'light' : 'default'}
          aria-expanded={props.filtersOpen}
          aria-controls="queue-filters"
          onClick={() => props.onFiltersOpen(!props.filtersOpen)}
        >
          {active > 0 ? t('queue.filtersButtonCount', { count: active }) : t('queue.filtersButton')}
        </Button>
        <SegmentedControl
          aria-label={t('queue.sort.label')}
          data={(['due', 'age', 'amount'] as const).map((sort) => ({ value: sort, label: t(`queue.sort.${sort}`) }))}
          value={props.sort}
          onChange={(sort) => props.onSort(sort as QueueSort)}
        />
        <Button variant="subtle" onClick={props.onClear} disabled={active === 0 && props.search === ''}>
          {t('queue.clear')}
        </Button>
      </Group>
      <Collapse expanded={props.filtersOpen}>
        <Group gap="xs" align="flex-end" wrap="wrap" id="queue-filters">
          <MultiSelect
            label={t('queue.filters.reason')}
            data={disputeReasonSchema.options.map((reason) => ({ value: reason, label: t(`queue.reasons.${reason}`) }))}
            value={filter.reasons}
            onChange={(reasons) => set({ reasons: reasons.map((reason) => disputeReasonSchema.parse(reason)) })}
            w={190}
            clearable
          />
          <MultiSelect
            label={t('queue.filters.state')}
            data={disputeStateSchema.options.map((state) => ({ value: state, label: t(`queue.states.${state}`) }))}
            value={filter.states}
            onChange={(states) => set({ states: states.map((state) => disputeStateSchema.parse(state)) })}
            w={190}
            clearable
          />
          <MultiSelect
            label={t('queue.filters.evidenceFlags')}
            data={evidenceFlagCodes.map((code) => ({ value: code, label: t(`evidence.flagName.${code}`) }))}
            value={filter.evidenceFlags ?? []}
            onChange={(codes) => set({ evidenceFlags: codes.filter(isEvidenceFlagCode) })}
            w={210}
            clearable
          />
          <Select
            label={t('queue.filters.due')}
            data={(['any', 'overdue', 'within24h', 'within72h'] as const).map((due) => ({ value: due, label: t(`queue.filters.dueOptions.${due}`) }))}
            value={filter.due}
            allowDeselect={false}
            onChange={(due) => set({ due: (due ?? 'any') as QueueFilter['due'] })}
            w={140}
          />
          <TextInput label={t('queue.filters.country')} value={filter.country} onChange={(event) => set({ country: event.currentTarget.value.toUpperCase().slice(0, 2) })} w={80} />
          <TextInput label={t('queue.filters.seller')} value={filter.seller} onChange={(event) => set({ seller: event.currentTarget.value })} w={140} />
          <NumberInput label={t('queue.filters.minAmount')} value={filter.minAmount ?? ''} onChange={(value) => set({ minAmount: amount(value) })} min={0} w={100} />
          <NumberInput label={t('queue.filters.maxAmount')} value={filter.maxAmount ?? ''} onChange={(value) => set({ maxAmount: amount(value) })} min={0} w={100} />
        </Group>
      </Collapse>
    </Stack>
  );
}
