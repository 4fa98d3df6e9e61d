// The settings feature's public surface: the only file the shell imports from it.
export { SettingsScreen } from './SettingsScreen';
