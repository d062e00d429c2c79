/**
 * Starting a worker thread from its entry file, the same way under `npm start` (compiled) and under tsx or ts-jest
 * (TypeScript sources). Self-contained: it imports nothing else from src/ (docs/ARCHITECTURE.md, Layers).
 */
export { startThread } from './start-thread';
