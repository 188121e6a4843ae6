import { describe, expect, it } from 'vitest';
import { type ContentChange, ContentEvents } from './events.js';

describe('ContentEvents', () => {
  it('tells local listeners of a change, and sends it through a connected transport', () => {
    const events = new ContentEvents();
    const heard: ContentChange[] = [];
    const sent: ContentChange[] = [];
    events.onChange((c) => heard.push(c));
    events.changed({ kind: 'article', id: 1 });
    const disconnect = events.connect({ publish: (c) => sent.push(c) });
    events.changed({ kind: 'article', id: 2 });
    events.changed({ kind: 'settings' });
    disconnect();
    events.changed({ kind: 'article', id: 3 });
    expect(heard).toEqual([{ kind: 'article', id: 1 }, { kind: 'article', id: 2 }, { kind: 'settings' }, { kind: 'article', id: 3 }]);
    expect(sent).toEqual([{ kind: 'article', id: 2 }, { kind: 'settings' }]);
  });

  it('marks changes received from other processes as remote, and never sends them on', () => {
    const events = new ContentEvents();
    const heard: ContentChange[] = [];
    const sent: ContentChange[] = [];
    events.onChange((c) => heard.push(c));
    events.connect({ publish: (c) => sent.push(c) });
    events.receive({ kind: 'comment', id: 7 });
    expect(heard).toEqual([{ kind: 'comment', id: 7, remote: true }]);
    expect(sent).toEqual([]);
  });
});
