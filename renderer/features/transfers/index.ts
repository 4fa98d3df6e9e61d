export { TransfersStatus } from './TransfersStatus';
export { useOpenCaseFetch } from './use-transfers';
