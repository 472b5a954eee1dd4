import FeatureGates from '@atlaskit/feature-gate-js-client/feature-gates';
import FeatureGatesOff from '../../../static/shared/feature-gates-off';

/**
 * The pages' bundles replace Atlaskit's feature-gate client with static/shared/feature-gates-off.ts
 * (static/vite.config.mts). That is only sound while the real client, never initialised (as in a Custom
 * UI frame), answers false for every gate too.
 */
describe('feature gates in a Custom UI frame', () => {
  const gates = [
    'platform_increased-contrast-themes',
    'platform-component-visual-refresh',
    'platform_dst_top_layer',
    'any-gate-at-all',
  ];

  it.each(gates)('the uninitialised client answers false for %s, as the stand-in does', (gate) => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(FeatureGates.initializeCompleted()).toBe(false);
      expect(FeatureGates.checkGate(gate)).toBe(false);
      expect(FeatureGatesOff.checkGate(gate)).toBe(false);
    } finally {
      warn.mockRestore();
    }
  });
});
