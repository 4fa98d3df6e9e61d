import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The swipe layout's divider over the two layered panes: left of it pane 1, right of it pane 2.
 * Dragged with the pointer or moved with the arrow keys (Shift for tens, Home and End).
 */
export function SwipeDivider(props: { area: string; value: number; onChange: (value: number) => void }) {
  const { t } = useTranslation();
  const track = useRef<HTMLDivElement>(null);
  const { value, onChange } = props;

  function fromPointer(clientX: number) {
    const rect = track.current?.getBoundingClientRect();
    if (!rect || rect.width <= 0) return;
    onChange(Math.round(Math.min(100, Math.max(0, ((clientX - rect.left) / rect.width) * 100)) * 10) / 10);
  }

  return (
    <div ref={track} style={{ gridArea: props.area, position: 'relative', pointerEvents: 'none', zIndex: 6 }}>
      <div
        role="separator"
        tabIndex={0}
        aria-label={t('compare.swipe.divider')}
        aria-orientation="vertical"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(value)}
        aria-valuetext={t('compare.swipe.valueText', { percent: Math.round(value) })}
        onKeyDown={(event) => {
          const by = event.shiftKey ? 10 : 1;
          const next =
            event.key === 'ArrowLeft' ? value - by : event.key === 'ArrowRight' ? value + by : event.key === 'Home' ? 0 : event.key === 'End' ? 100 : undefined;
          if (next === undefined) return;
          event.preventDefault();
          event.stopPropagation();
          onChange(Math.min(100, Math.max(0, next)));
        }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          event.currentTarget.focus();
          fromPointer(event.clientX);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) fromPointer(event.clientX);
        }}
        style={{
          position: 'absolute',
          top: 0,
          bottom: 0,
          left: `calc(${value}% - 12px)`,
          width: 24,
          cursor: 'ew-resize',
          pointerEvents: 'auto',
          touchAction: 'none',
          display: 'flex',
          justifyContent: 'center',
        }}
      >
        <div style={{ width: 2, height: '100%', background: 'var(--mantine-color-yellow-4)', boxShadow: '0 0 0 1px rgba(0,0,0,0.6)' }} />
        <div
          aria-hidden
          style={{
            position: 'absolute',
            top: '50%',
            width: 24,
            height: 40,
            marginTop: -20,
            borderRadius: 6,
            background: 'var(--mantine-color-yellow-4)',
            color: 'black',
            fontSize: 12,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
          }}
        >
          ⇔
        </div>
      </div>
    </div>
  );
}
