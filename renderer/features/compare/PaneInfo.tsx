import { Badge, DataList, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceDescription } from '../../../shared/contract/evidence-calls';
import type { EvidenceNote } from '../../../shared/domain/model';
import { usePersonName } from '../../data/use-team';
import { EvidenceFlags } from '../../ui/EvidenceFlags';
import { formatBytes, formatDateTime } from '../../ui/format';
import { formatClock } from './frame-math';
import { flagsOf, type PaneSource } from './pane-sources';
import { PaneOffset } from './PaneOffset';
import { SuggestOffset, type OffsetAnchor } from './SuggestOffset';
import { videoFormatLine } from './video-words';

/** A time from metadata: EXIF times are not always ISO, and one that does not parse is shown as written. */
function metaTime(value: string | null | undefined, locale: string): string | undefined {
  if (!value) return undefined;
  return Number.isNaN(Date.parse(value)) ? value : formatDateTime(value, locale);
}

function Fact(props: { label: string; value: ReactNode }) {
  if (props.value === undefined || props.value === null || props.value === '') return null;
  return (
    <DataList.Item>
      <DataList.ItemLabel>{props.label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{props.value}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** Props of the card beside a pane. */
export interface PaneInfoProps {
  index: number;
  source: PaneSource;
  description: EvidenceDescription | undefined;
  active: boolean;
  leads: boolean;
  /** For a video pane: its frame rate and offset, and how to change the offset. */
  offset?: { fps: number; frames: number; onChange: (frames: number) => void };
  /** A video pane that is not the leading one can have its offset suggested against the leader. */
  suggest?: { url: string; anchor: OffsetAnchor };
  notes: readonly EvidenceNote[];
  onJump: (note: EvidenceNote) => void;
}

/**
 * What is known about a pane's item, in the column beside the panes: its notes first (each a link
 * to its moment or spot), its time offset (videos) and the checks' flags with their reasons, then
 * who submitted it and when, its size, dates, camera, software, format, length, frame rate and
 * resolution.
 */
export function PaneInfo(props: PaneInfoProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { source, description, index } = props;
  const image = description?.image;
  const video = description?.video;
  const submission = description?.submissions[0];
  const submittedAt = source.item?.submittedAt ?? submission?.submittedAt;
  const kind = source.item?.kind ?? description?.kind ?? undefined;
  const size = description?.sizeBytes ?? source.item?.sizeBytes;
  const width = video?.width ?? image?.width;
  const height = video?.height ?? image?.height;

  return (
    <Paper withBorder p="sm" style={{ minWidth: 0, flexShrink: 0, borderColor: props.active ? 'var(--mantine-color-blue-5)' : undefined }}>
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
          <Title order={3} size="h5" style={{ overflowWrap: 'anywhere' }}>
            {t('compare.info.title', { number: index + 1, file: source.fileName })}
          </Title>
          {props.leads && (
            <Badge variant="light" color="blue" style={{ flexShrink: 0 }}>
              {t('compare.info.leads')}
            </Badge>
          )}
        </Group>
        <NotesList notes={props.notes} number={index + 1} onJump={props.onJump} />
        {props.offset && <PaneOffset number={index + 1} fps={props.offset.fps} frames={props.offset.frames} onChange={props.offset.onChange} />}
        {props.offset && props.suggest && (
          <SuggestOffset key={`${props.suggest.url}\n${props.suggest.anchor.url}`} number={index + 1} fileName={source.fileName} url={props.suggest.url} anchor={props.suggest.anchor} onApply={props.offset.onChange} />
        )}
        <EvidenceFlags flags={flagsOf(source, description)} />
        <DataList labelWidth={110}>
          <Fact label={t('compare.info.party')} value={source.party && t(`case.party.${source.party}`)} />
          <Fact label={t('compare.info.case')} value={source.dispute?.id ?? submission?.disputeId} />
          <Fact label={t('compare.info.submitted')} value={submittedAt && formatDateTime(submittedAt, locale)} />
          <Fact label={t('compare.info.kind')} value={kind && t(`case.evidenceKind.${kind}`)} />
          <Fact label={t('compare.info.size')} value={size === undefined ? undefined : formatBytes(size, locale)} />
          <Fact label={t('compare.info.mediaType')} value={description?.mediaType} />
          <Fact label={t('compare.info.captured')} value={metaTime(image?.capturedAt ?? video?.createdAt, locale)} />
          <Fact label={t('compare.info.modified')} value={metaTime(image?.modifiedAt, locale)} />
          <Fact label={t('compare.info.camera')} value={image?.camera} />
          <Fact label={t('compare.info.software')} value={image?.software ?? video?.encoder} />
          <Fact label={t('compare.info.codec')} value={video && videoFormatLine(video, description?.mediaType, source.fileName)} />
          <Fact label={t('compare.info.duration')} value={video?.durationSeconds == null ? undefined : formatClock(video.durationSeconds)} />
          <Fact
            label={t('compare.info.frameRate')}
            value={video && (video.frameRate ? t('compare.info.fps', { fps: Math.round(video.frameRate * 1000) / 1000 }) : t('compare.info.fpsAssumed'))}
          />
          <Fact label={t('compare.info.resolution')} value={width && height ? t('compare.info.pixels', { width, height }) : undefined} />
          <Fact
            label={t('compare.info.derived')}
            value={
              source.item?.derivedFrom &&
              t('compare.info.derivedFrom', { sha: source.item.derivedFrom.sha256.slice(0, 12), clock: formatClock(source.item.derivedFrom.atSeconds ?? 0) })
            }
          />
          <Fact label={t('compare.info.sha')} value={description && <Text span ff="monospace" size="xs">{description.sha256.slice(0, 16)}…</Text>} />
        </DataList>
        {description?.playableUrl && (
          <Text size="xs" c="dimmed">
            {t('compare.pane.copyNote')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function NotesList(props: { notes: readonly EvidenceNote[]; number: number; onJump: (note: EvidenceNote) => void }) {
  const { t, i18n } = useTranslation();
  const personName = usePersonName();
  return (
    <Stack gap={4} component="section" aria-label={t('compare.notes.listLabel', { number: props.number })}>
      <Text size="sm" fw={600}>
        {t('compare.notes.title')}
      </Text>
      {props.notes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('compare.notes.none')}
        </Text>
      ) : (
        props.notes.map((note, position) => {
          const where =
            note.atSeconds !== undefined
              ? note.frame === undefined
                ? formatClock(note.atSeconds)
                : t('compare.notes.atFrame', { clock: formatClock(note.atSeconds), frame: note.frame })
              : note.x !== undefined && note.y !== undefined
                ? t('compare.notes.spot', { number: position + 1, x: Math.round(note.x * 100), y: Math.round(note.y * 100) })
                : t('compare.notes.whole');
          return (
            <UnstyledButton
              key={note.id}
              onClick={() => props.onJump(note)}
              aria-label={t('compare.notes.jump', { where, text: note.text })}
              style={{ borderRadius: 4, padding: '4px 6px', background: 'var(--mantine-color-default-hover)' }}
            >
              <Text size="xs" ff="monospace" c="orange.9">
                {where}
              </Text>
              <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {note.text}
              </Text>
              {(note.by || note.at) && (
                <Text size="xs" c="dimmed">
                  {[note.by && personName(note.by), note.at && formatDateTime(note.at, i18n.language)].filter(Boolean).join(' · ')}
                </Text>
              )}
            </UnstyledButton>
          );
        })
      )}
    </Stack>
  );
}
