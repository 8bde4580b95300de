// The wire types of docs/protocol.md. Times are ISO 8601 strings in UTC; ids are integers.

export type Role = 'facilitator' | 'stakeholder' | 'participant' | 'projector';

export interface Person {
  id: number;
  role: Role;
  name: string;
  organisation: string;
  country: string;
}

export const AGENDA_KINDS = ['talk', 'proposals', 'platform', 'discussion', 'reflection', 'break'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];
export type AgendaStatus = 'planned' | 'current' | 'done';

export interface AgendaItem {
  id: number;
  position: number;
  title: string;
  presenter: string;
  organisation: string;
  kind: AgendaKind;
  plannedMinutes: number;
  status: AgendaStatus;
  startedAt: string | null;
  endsAt: string | null;
  endedAt: string | null;
}

export interface Agenda {
  items: AgendaItem[];
  currentId: number | null;
}

export interface Attendance {
  participants: number;
}

export interface EventInfo {
  id: number;
  title: string;
  joinCode: string;
}

export interface Snapshot {
  version: number;
  serverTime: string;
  event: EventInfo;
  me: Person;
  agenda: Agenda;
  attendance: Attendance;
  people: Person[];
  /** The facilitator's snapshot only: links relative to the server's address. */
  links: StaffLinks | null;
}

export interface StaffLinks {
  projector: string;
  join: string;
}

export type Change =
  | { version: number; kind: 'agenda'; data: Agenda }
  | { version: number; kind: 'attendance'; data: Attendance }
  | { version: number; kind: 'person.joined'; data: Person }
  | { version: number; kind: string; data: unknown };

export interface ChangeBatch {
  eventId: number;
  from: number;
  to: number;
  serverTime: string;
  changes: Change[];
}

export type SyncResult =
  | { mode: 'changes'; batch: ChangeBatch }
  | { mode: 'snapshot'; snapshot: Snapshot };

export interface Ack {
  version: number;
  id: number | null;
}

export interface ClockResult {
  serverTime: string;
}

export interface AgendaItemInput {
  title: string;
  presenter: string;
  organisation: string;
  kind: AgendaKind;
  plannedMinutes: number;
}

export interface JoinLookup {
  eventId: number;
  title: string;
  joinCode: string;
}

export interface JoinInput {
  code: string;
  name: string;
  organisation: string;
  country: string;
  email?: string;
  requestId?: string;
}

export interface Joined {
  token: string;
  eventId: number;
  person: Person;
  links: { participant: string };
}

export interface InviteInput {
  name: string;
  organisation: string;
}

export interface Invited {
  person: Person;
  link: string;
}
