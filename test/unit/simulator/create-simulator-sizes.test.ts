import { createSimulator, SIMULATOR_DEFAULTS } from '../../../src/simulator';

describe('createSimulator sizes', () => {
  it('when only some sizes are given (others undefined, as from unset CLI flags), then the rest keep their defaults', () => {
    const simulator = createSimulator({ sizes: { customers: 50, vendors: undefined } });
    expect(simulator.control.countRecords('Customer')).toBe(50);
    expect(simulator.control.countRecords('Vendor')).toBe(SIMULATOR_DEFAULTS.sizes.vendors);
    expect(simulator.control.countRecords('Item')).toBe(SIMULATOR_DEFAULTS.sizes.items);
  });
});
