export { startDemoQuickBooks, type DemoQuickBooks } from './start-demo-quickbooks';
