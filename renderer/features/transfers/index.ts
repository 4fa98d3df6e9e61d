export { TransfersStatus } from './TransfersStatus';
