import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../persistence';
import { getInitialState, useAppStore } from '../..';
import { requestedBackend } from './selectors';

const st = () => useAppStore.getState();

beforeEach(() => useAppStore.setState(getInitialState()));

describe('settings slice', () => {
  it('starts from the default settings, with no backend in the address', () => {
    expect(st().settings).toEqual(defaultSettings());
    expect(st().urlBackend).toBeNull();
  });

  it('sets the backend without touching the theme, and without asking for a restart', () => {
    st().setThemeSetting('dark');
    st().setBackendSetting('wasm');
    expect(st().settings).toEqual({ backend: 'wasm', theme: 'dark' });
    expect(st().restartRequests).toBe(0);
    st().setBackendSetting('auto');
    expect(st().settings).toEqual({ backend: 'auto', theme: 'dark' });
  });

  it('sets the theme without touching the backend', () => {
    st().setBackendSetting('webgl');
    st().setThemeSetting('light');
    expect(st().settings).toEqual({ backend: 'webgl', theme: 'light' });
    st().setThemeSetting('system');
    expect(st().settings).toEqual({ backend: 'webgl', theme: 'system' });
  });

  it('replaces the settings object (subscribers that compare by reference see the change)', () => {
    const before = st().settings;
    st().setThemeSetting('dark');
    expect(st().settings).not.toBe(before);
    expect(before.theme).toBe('system');
  });
});

describe('requestedBackend', () => {
  it('is automatic (null) on the default setting', () => {
    expect(requestedBackend(st())).toBeNull();
  });

  it('is the setting when one is chosen', () => {
    st().setBackendSetting('wasm');
    expect(requestedBackend(st())).toBe('wasm');
  });

  it('is the address backend whatever the setting says, automatic included', () => {
    useAppStore.setState({ urlBackend: 'cpu' });
    expect(requestedBackend(st())).toBe('cpu');
    st().setBackendSetting('webgpu');
    expect(requestedBackend(st())).toBe('cpu');
  });
});
