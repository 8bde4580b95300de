// The client's copy of one event's state at a version, moved forward by docs/protocol.md's rules.

import type { Agenda, AgendaItem, Attendance, Change, ChangeBatch, EventInfo, Person, Snapshot, StaffLinks } from './types';

export type BatchOutcome = 'ignored' | 'applied' | 'gap';

export class EventState {
  version = 0;
  event: EventInfo = { id: 0, title: '', joinCode: '' };
  me: Person | null = null;
  agenda: Agenda = { items: [], currentId: null };
  attendance: Attendance = { participants: 0 };
  /** Everyone in the event (the facilitator's snapshot only), in the order they arrived. */
  people: Person[] = [];

  /** The links the facilitator hands out (the facilitator's snapshot only). */
  links: StaffLinks | null = null;

  /** Replaces everything with a snapshot. */
  replace(snapshot: Snapshot): void {
    this.version = snapshot.version;
    this.event = snapshot.event;
    this.me = snapshot.me;
    this.agenda = normaliseAgenda(snapshot.agenda);
    this.attendance = snapshot.attendance ?? { participants: 0 };
    this.people = [...(snapshot.people ?? [])];
    this.links = snapshot.links ?? null;
  }

  /**
   * Applies a batch at the current version:
   * `to <= v` ignore; `from <= v < to` apply entries with version > v in order, then v = to; `from > v` gap.
   */
  applyBatch(batch: ChangeBatch): BatchOutcome {
    if (this.event.id && batch.eventId && batch.eventId !== this.event.id) return 'ignored';
    const v = this.version;
    if (batch.to <= v) return 'ignored';
    if (batch.from > v) return 'gap';
    const entries = [...batch.changes].sort((a, b) => a.version - b.version);
    for (const change of entries) {
      if (change.version > v) this.applyChange(change);
    }
    this.version = batch.to;
    return 'applied';
  }

  private applyChange(change: Change): void {
    switch (change.kind) {
      case 'agenda':
        this.agenda = normaliseAgenda(change.data as Agenda);
        break;
      case 'attendance':
        this.attendance = change.data as Attendance;
        break;
      case 'person.joined': {
        const person = change.data as Person;
        const at = this.people.findIndex((p) => p.id === person.id);
        if (at >= 0) this.people[at] = person;
        else this.people.push(person);
        break;
      }
      default:
        // A kind this page does not know yet (a newer server): skip it, keep the version moving.
        break;
    }
  }

  get current(): AgendaItem | null {
    const id = this.agenda.currentId;
    if (id === null || id === undefined) return null;
    return this.agenda.items.find((item) => item.id === id) ?? null;
  }

  /**
   * What NextAgendaItem will start: the first planned item after the current one in running order, or, with
   * nothing current, the first planned item. Null when Next would end the agenda.
   */
  get next(): AgendaItem | null {
    const items = this.agenda.items;
    const currentIndex = items.findIndex((item) => item.id === this.agenda.currentId);
    return items.slice(currentIndex + 1).find((item) => item.status === 'planned') ?? null;
  }
}

function normaliseAgenda(agenda: Agenda | null | undefined): Agenda {
  if (!agenda) return { items: [], currentId: null };
  return { items: [...(agenda.items ?? [])], currentId: agenda.currentId ?? null };
}
