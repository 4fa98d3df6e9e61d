import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../../shared/contract/calls';
import { useOpenCaseFetch } from './use-transfers';

const sha = (digit: string) => digit.repeat(64);

describe('useOpenCaseFetch', () => {
  it('asks the host for each file of the open case once, and for none without a session', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: { arriving: true, mediaUrl: null, mediaType: null, sizeBytes: null, message: 'Arriving.' } }));
    window.desk = { invoke } as unknown as DeskApi;
    const evidence = [{ sha256: sha('a') }, { sha256: sha('b') }, { sha256: sha('a') }, {}];

    const signedOut = renderHook(() => useOpenCaseFetch(evidence, undefined));
    signedOut.unmount();
    expect(invoke).not.toHaveBeenCalled();

    const { rerender } = renderHook((props: { items: typeof evidence }) => useOpenCaseFetch(props.items, 'token-1'), { initialProps: { items: evidence } });
    await waitFor(() => expect(invoke).toHaveBeenCalledTimes(2));
    expect(invoke).toHaveBeenCalledWith('evidence.startDownload', { sha256: sha('a'), token: 'token-1' });
    expect(invoke).toHaveBeenCalledWith('evidence.startDownload', { sha256: sha('b'), token: 'token-1' });

    // The case re-read after a sync (a new array, the same files) asks for nothing more.
    rerender({ items: [...evidence] });
    expect(invoke).toHaveBeenCalledTimes(2);
  });
});
