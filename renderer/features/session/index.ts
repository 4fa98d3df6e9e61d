// The session feature's public surface: the only file the shell imports from it.
export { ConnectScreen } from './ConnectScreen';
export { ServiceAddressForm } from './ServiceAddressForm';
export { SignInForm } from './SignInForm';
