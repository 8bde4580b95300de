// What the room screen shows: the facilitator's choice of mode, or, in auto, what the run of show calls for — the
// question on the screen when there is one, the spotlight while a pitch runs, the board between pitches.

import type { EventState } from '../state';

export type StageView = 'board' | 'spotlight' | 'question' | 'qr' | 'blank';

export function stageView(state: EventState): StageView {
  const mode = state.projector.mode;
  switch (mode) {
    case 'auto':
      if (state.screenQuestion) return 'question';
      return state.currentPitch ? 'spotlight' : 'board';
    case 'question':
      // Nothing on the screen: the board rather than an empty frame.
      return state.screenQuestion ? 'question' : 'board';
    default:
      return mode;
  }
}

/**
 * The join address with line-break opportunities after its separators ("http://", ".", ":", "/", "?"), so it wraps
 * between its parts and never inside the host's labels, the port or the code.
 */
export function joinAddressParts(address: string): Node[] {
  const parts = address.match(/[^/.:?=]*(?:[/.:?=]+|$)/g) ?? [address];
  const nodes: Node[] = [];
  for (const part of parts.filter((p) => p !== '')) {
    nodes.push(document.createTextNode(part), document.createElement('wbr'));
  }
  nodes.pop();
  return nodes;
}
