// The queues' public surface: the only file the shell imports from it.
export { QueuesScreen } from './QueuesScreen';
export { landingFor, type Landing } from './queues';
export { prefetchFirstScreen } from './first-screen';
