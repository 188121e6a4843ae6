import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('METRICS_TOKEN and METRICS_ADDRESS', () => {
  it('serve no metrics unless set', () => {
    const c = loadConfig({});
    expect(c.metricsToken).toBeNull();
    expect(c.metricsAddress).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: ' ', METRICS_ADDRESS: '' }).metricsToken).toBeNull();
  });

  it('take a token of 16 to 200 visible characters, and never repeat a bad one', () => {
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(16) }).metricsToken).toBe('a'.repeat(16));
    for (const bad of ['short-secret', 'has a space in it somewhere', 'x'.repeat(201), 'tab\tinside-the-token-value', 'nön-ascii-token-value']) {
      const found = problems({ METRICS_TOKEN: bad });
      expect(found, bad).toEqual(['METRICS_TOKEN: must be 16 to 200 visible ASCII characters without spaces, e.g. the output of "openssl rand -hex 32"']);
      expect(found.join()).not.toContain(bad);
    }
  });

  it('take host:port, IPv6 in brackets', () => {
    expect(loadConfig({ METRICS_ADDRESS: '127.0.0.1:9100' }).metricsAddress).toEqual({ host: '127.0.0.1', port: 9100 });
    expect(loadConfig({ METRICS_ADDRESS: 'metrics.internal:9100' }).metricsAddress).toEqual({ host: 'metrics.internal', port: 9100 });
    expect(loadConfig({ METRICS_ADDRESS: '[::1]:9100' }).metricsAddress).toEqual({ host: '::1', port: 9100 });
    for (const bad of ['9100', '127.0.0.1', '127.0.0.1:', ':9100', '127.0.0.1:99999', '::1:9100', 'host:port', 'a b:9100']) {
      expect(problems({ METRICS_ADDRESS: bad }), bad).toEqual([`METRICS_ADDRESS: "${bad}" is not host:port, e.g. 127.0.0.1:9100 or [::1]:9100`]);
    }
  });
});
