import { Badge, Group, List, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../shared/contract/errors';
import type { EvidenceFlag } from '../../shared/domain/evidence-checks';
import { isDeskOnlyCode } from '../../shared/domain/service-findings';
import { formatBytes, formatDateTime } from './format';

type Details = EvidenceFlag['details'];

function text(details: Details, key: string): string | undefined {
  const value = details[key];
  return value === undefined || value === '' ? undefined : String(value);
}

/** A time from a flag's details; EXIF times are not always ISO, and an unparsable one is shown as written. */
function time(details: Details, key: string, locale: string): string | undefined {
  const value = text(details, key);
  if (value === undefined) return undefined;
  return Number.isNaN(Date.parse(value)) ? value : formatDateTime(value, locale);
}

function bytes(details: Details, key: string, locale: string): string | undefined {
  const value = details[key];
  return typeof value === 'number' ? formatBytes(value, locale) : undefined;
}

/** Every value present, or undefined when one is missing (then the host's own sentence is shown). */
function all(values: Record<string, string | undefined>): Record<string, string> | undefined {
  return Object.values(values).every((value) => value !== undefined) ? (values as Record<string, string>) : undefined;
}

/**
 * A flag's reason in the user's language, built from its code and details. A flag whose details
 * lack what the sentence needs (written by an older desk, say) falls back to the host's English
 * reason rather than showing a half-filled sentence.
 */
export function flagReason(flag: EvidenceFlag, t: TFunction, locale: string): string {
  const { details } = flag;
  const party = (key: string) => (text(details, key) === undefined ? undefined : t(`case.party.${text(details, key)}`));
  const kind = (key: string) => (text(details, key) === undefined ? undefined : t(`case.evidenceKind.${text(details, key)}`));
  let values: Record<string, string> | undefined;
  switch (flag.code) {
    case 'type_mismatch':
      values = all({ claimedExtension: text(details, 'claimedExtension'), actualType: text(details, 'actualType') });
      break;
    case 'format_not_requested':
      values = all({ requested: kind('requested'), actual: kind('actual') });
      break;
    case 'over_upload_limit':
      values = all({ size: bytes(details, 'sizeBytes', locale), limit: bytes(details, 'limitBytes', locale) });
      break;
    case 'late':
      values = all({ submittedAt: time(details, 'submittedAt', locale), dueAt: time(details, 'dueAt', locale) });
      break;
    case 'duplicate_exact':
      values = all({ otherDisputeId: text(details, 'otherDisputeId'), otherParty: party('otherParty'), otherSubmittedAt: time(details, 'otherSubmittedAt', locale) });
      break;
    case 'near_duplicate': {
      const distance = text(details, 'distance');
      const named = all({ otherFileName: text(details, 'otherFileName'), otherDisputeId: text(details, 'otherDisputeId'), otherParty: party('otherParty'), distance });
      // The other file may be known only by its digest when no submission of it is on record here.
      if (named) return t('evidence.flag.near_duplicate', named);
      const stored = all({ otherSha256: text(details, 'otherSha256')?.slice(0, 12), distance });
      return stored ? t('evidence.flagVariant.nearDuplicateStored', stored) : flag.reason;
    }
    case 'possibly_edited': {
      const software = text(details, 'software');
      const capturedAt = time(details, 'capturedAt', locale);
      const modifiedAt = time(details, 'modifiedAt', locale);
      const signs = [
        software && t('evidence.editSign.software', { software }),
        capturedAt && modifiedAt && t('evidence.editSign.modified', { capturedAt, modifiedAt }),
        details.thumbnailDistance !== undefined && t('evidence.editSign.thumbnail'),
      ].filter((sign): sign is string => typeof sign === 'string');
      values = signs.length === 0 ? undefined : { signs: signs.join(t('evidence.editSign.separator')) };
      break;
    }
    case 'unreadable':
      values = all({ problem: text(details, 'problem') });
      break;
    case 'unsupported_type':
      values = all({ mediaType: text(details, 'mediaType') });
      break;
    case 'incomplete_analysis': {
      const tool = text(details, 'tool');
      values = tool === 'ffmpeg' || tool === 'ffprobe' ? { tool, gap: t(`evidence.analysisGap.${tool}`) } : undefined;
      break;
    }
    default:
      throw missingCaseError(flag.code);
  }
  return values ? t(`evidence.flag.${flag.code}`, values) : flag.reason;
}

/**
 * One flag said in full: its reason in the user's language, a line marking a check only a desk
 * makes, and an optional control beneath. The one wording both the checks list and the case's
 * evidence chips use, so the two cannot drift apart.
 */
export function FlagExplanation(props: { flag: EvidenceFlag; action?: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={4} align="flex-start">
      <Text size="sm" dir="auto" style={{ overflowWrap: 'anywhere' }}>
        {flagReason(props.flag, t, i18n.language)}
      </Text>
      {isDeskOnlyCode(props.flag.code) && (
        <Text size="xs" c="dimmed">
          {t('evidence.service.deskFinding')}
        </Text>
      )}
      {props.action}
    </Stack>
  );
}

/**
 * What the desk's checks found on a piece of evidence: one badge per flag with its reason in the
 * user's language, the checks only a desk makes (near duplicate, possibly edited…) labelled as the
 * desk's finding. Nothing for evidence that was never checked (the marketplace's own items),
 * and "No flags" for evidence that was checked and passed, so the two are not confused.
 * `action` may give a flag a control beside its reason (a near duplicate's "Compare").
 */
export function EvidenceFlags(props: { flags: readonly EvidenceFlag[] | undefined; action?: (flag: EvidenceFlag) => ReactNode }) {
  const { t } = useTranslation();
  if (props.flags === undefined) return null;
  if (props.flags.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('evidence.flags.none')}
      </Text>
    );
  }
  return (
    <List listStyleType="none" spacing={6} aria-label={t('evidence.flags.label')}>
      {props.flags.map((flag, index) => (
        // A file can carry the same code twice (two near duplicates), so the position keeps keys apart.
        <List.Item key={`${flag.code}-${index}`}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Badge color="yellow.4" autoContrast variant="filled" style={{ flexShrink: 0 }}>
              {t(`evidence.flagName.${flag.code}`)}
            </Badge>
            <FlagExplanation flag={flag} action={props.action?.(flag)} />
          </Group>
        </List.Item>
      ))}
    </List>
  );
}
