export { register } from './routes.ts';
