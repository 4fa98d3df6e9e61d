// The second review's public surface: the only file the shell imports from it.
export { SecondReviewForm } from './SecondReviewForm';
