import { useTranslation } from 'react-i18next';
import type { Dispute } from '../../../shared/domain/model';
import type { RulingDecision } from '../../../shared/domain/rules';
import { ConfirmStep } from '../../ui/ConfirmStep';
import { rulingEffects } from './ruling-effects';

/**
 * The last step before a ruling is queued: what it will do, in plain sentences, since a ruling
 * moves money and cannot be taken back from here.
 */
export function ConfirmRuling(props: {
  decision: RulingDecision | undefined;
  dispute: Dispute;
  recording: boolean;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { decision } = props;
  return (
    <ConfirmStep
      effects={decision && rulingEffects(decision, props.dispute, t, i18n.language)}
      effectsTestId="ruling-effects"
      title={t('ruling.confirm.title', { id: props.dispute.id })}
      final={t('ruling.confirm.final')}
      confirmLabel={t('ruling.confirm.record')}
      confirmColor="indigo.8"
      backLabel={t('ruling.confirm.back')}
      confirming={props.recording}
      onConfirm={props.onConfirm}
      onBack={props.onBack}
    />
  );
}
