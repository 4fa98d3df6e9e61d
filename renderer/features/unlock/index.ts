// The unlock feature's public surface: the only file the composition root imports from it.
export { UnlockScreen, type LockedDesk } from './UnlockScreen';
