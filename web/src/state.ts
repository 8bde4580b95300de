// The client's copy of one event's state at a version, moved forward by docs/protocol.md's rules.
//
// Three streams move it. The group's `Changes` batches (everyone's, the facilitator's, moderation's entries)
// carry the version: their from/to chain finds gaps, and `Sync` fills them (its answer also carries the person's
// own entries inline, in the server's order). The person's own entries (their `mine`, `progress`, their view of
// their question, …) come apart from it, in `Own` messages and in the answer of their own calls; those never move
// the version, are never a gap, and may arrive before or after the batch that covers their version. So each
// object (`entryKey`) remembers the version of the last entry applied to it (`appliedAt`): an older entry never
// overwrites a newer one, and at the same version the person's own view wins over the group's.

import type {
  ProposalUpdate,
  Agenda,
  AgendaItem,
  Attendance,
  Change,
  ChangeBatch,
  EventInfo,
  Member,
  Membership,
  EventStatus,
  Mine,
  MineProposal,
  MineQuestion,
  Person,
  Pitch,
  Practice,
  Projector,
  Progress,
  Reflection,
  RuleView,
  Proposal,
  ProposalCounts,
  Question,
  QuestionCounts,
  Screen,
  Settings,
  Snapshot,
  StaffLinks,
  LinkRenewed,
} from './types';

import { Activity } from './activity';

export type BatchOutcome = 'ignored' | 'applied' | 'gap';

/**
 * Where an entry came from: a group `Changes` batch, a `Sync` answer (the group's and the person's own entries
 * inline), or the person's own (an `Own` message, an ack's `changes`).
 */
export type EntrySource = 'group' | 'sync' | 'own';

/** The last entry applied to one object: its version, and whether it was the person's own entry. */
export interface AppliedAt {
  version: number;
  own: boolean;
}

/**
 * The object an entry updates, so entries about it can be told apart by version: the kinds that update one
 * object share its key (`question`, `question.counts` and `question.removed` are all `question:<id>`); a kind
 * that replaces a whole (`agenda`, `mine`, `settings`, …) is its own key.
 */
export function entryKey(change: Change): string {
  const data = change.data as Record<string, unknown> | null;
  const field = (name: string): string => String(data?.[name] ?? '');
  switch (change.kind) {
    case 'question':
    case 'question.counts':
    case 'question.removed':
      return `question:${field('id')}`;
    case 'proposal':
    case 'proposal.counts':
    case 'proposal.removed':
      return `proposal:${field('id')}`;
    case 'practice':
    case 'practice.removed':
      return `practice:${field('id')}`;
    case 'member':
      return `member:${field('proposalId')}:${field('personId')}`;
    case 'progress':
      return `progress:${field('personId')}`;
    case 'person.joined':
      return `person:${field('id')}`;
    case 'poll':
    case 'poll.removed':
      return `poll:${field('id')}`;
    case 'poll.results':
      return `poll.results:${field('id')}`;
    case 'poll.mine':
      return `poll.mine:${field('pollId')}`;
    case 'mine.proposal':
      return `mine.proposal:${field('proposalId')}`;
    case 'mine.question':
      return `mine.question:${field('questionId')}`;
    case 'my.proposal':
    case 'my.proposal.removed':
      return `my.proposal:${field('proposalId')}`;
    case 'proposal.update':
    case 'proposal.update.removed':
      return `proposal.update:${field('id')}`;
    default:
      // `mine`, `reflection`, `agenda`, `settings`, `my.contact`, …: the whole of it.
      return change.kind;
  }
}

/** The entries in version order; a stable sort, so entries of one version keep the order the server sent them in. */
function inVersionOrder(changes: readonly Change[]): Change[] {
  return [...changes].sort((a, b) => a.version - b.version);
}

export function emptyMine(): Mine {
  return { upvotedProposals: [], memberships: [], upvotedQuestions: [], askedQuestions: [] };
}

export class EventState {
  version = 0;
  event: EventInfo = { id: 0, title: '', joinCode: '' };
  me: Person | null = null;
  agenda: Agenda = emptyAgenda();
  attendance: Attendance = { participants: 0 };
  /** Everyone in the event (the facilitator's snapshot only), in the order they arrived. */
  people: Person[] = [];

  /** The links the facilitator hands out (the facilitator's snapshot only). */
  links: StaffLinks | null = null;
  /** How many times the projector's link was given again while this page watched (`person.link`). */
  projectorRenewals = 0;

  settings: Settings = { moderation: false };
  /** Every proposal, in no particular order: read them through `rankedProposals`. */
  proposals: Proposal[] = [];
  /** Active members of the proposals this receiver owns (every proposal's for the facilitator). */
  members: Member[] = [];
  /** The questions this receiver may see, as it may see them. */
  questions: Question[] = [];
  screen: Screen = { questionId: null };
  /** What the room's screen shows, as the facilitator chose it. */
  projector: Projector = defaultProjector();
  mine: Mine = emptyMine();
  status: EventStatus = { closed: false, closedAt: null };
  /** The practice wall in the order shared (hidden ones only for the facilitator). */
  practices: Practice[] = [];
  /** The receiver's own reflection (participants only). */
  reflection: Reflection | null = null;
  /** The receiver's own progress (participants) or everyone's (facilitator). */
  progress: Progress[] = [];
  rule: RuleView = { steps: [] };
  /** Polls, word clouds and reactions (./activity.ts). */
  activity = new Activity();
  /** Proposal owners' updates the content filter holds, oldest first (the facilitator only). */
  heldUpdates: ProposalUpdate[] = [];

  /** Per object (`entryKey`): the last entry applied to it since the snapshot. */
  readonly appliedAt = new Map<string, AppliedAt>();
  /** The person's own entries ahead of `version`: a snapshot older than them would otherwise undo them. */
  private ownAhead: Change[] = [];
  /** The last snapshot's version: it holds every object (the person's own ones too) as it was then. */
  private snapshotVersion = 0;

  /** Replaces everything with a snapshot. */
  replace(snapshot: Snapshot): void {
    this.version = snapshot.version;
    this.event = snapshot.event;
    this.me = snapshot.me;
    this.agenda = normaliseAgenda(snapshot.agenda);
    this.attendance = snapshot.attendance ?? { participants: 0 };
    this.people = [...(snapshot.people ?? [])];
    this.links = snapshot.links ?? null;
    this.settings = snapshot.settings ?? { moderation: false };
    this.proposals = [...(snapshot.proposals ?? [])];
    this.members = (snapshot.members ?? []).filter((m) => m.active !== false);
    this.questions = [...(snapshot.questions ?? [])];
    this.screen = { questionId: snapshot.screen?.questionId ?? null };
    this.projector = snapshot.projector ?? defaultProjector();
    this.mine = normaliseMine(snapshot.mine);
    this.status = snapshot.status ?? { closed: false, closedAt: null };
    this.practices = [...(snapshot.practices ?? [])];
    this.reflection = snapshot.reflection ?? null;
    this.progress = [...(snapshot.progress ?? [])];
    this.rule = snapshot.rule ?? { steps: [] };
    this.activity.replace(snapshot.activity);
    this.heldUpdates = [...(snapshot.heldUpdates ?? [])];
    // The snapshot stands for every object at its version; own entries newer than it are shown again.
    this.appliedAt.clear();
    this.snapshotVersion = snapshot.version;
    const ahead = this.ownAhead.filter((change) => change.version > snapshot.version);
    this.ownAhead = [];
    this.applyOwn(ahead);
  }

  /**
   * Applies a group `Changes` batch at the current version:
   * `to <= v` ignore; `from <= v < to` apply entries with version > v in order, then v = to; `from > v` gap.
   * An entry is skipped where the object already shows a newer state, or the person's own view of the same version.
   */
  applyBatch(batch: ChangeBatch): BatchOutcome {
    return this.advance(batch, 'group');
  }

  /**
   * Applies a `Sync` answer (mode `changes`) as a batch; it carries the person's own entries inline, so only
   * a newer state of an object (an `Own` message or an ack that came first) is kept over it.
   */
  applySync(batch: ChangeBatch): BatchOutcome {
    return this.advance(batch, 'sync');
  }

  /**
   * Applies an `Own` message: the person's own entries, at once, without moving the version. Answers whether
   * any entry was applied (the page then has something to show).
   */
  applyOwnBatch(batch: ChangeBatch): boolean {
    if (this.event.id && batch.eventId && batch.eventId !== this.event.id) return false;
    return this.applyOwn(batch.changes);
  }

  /**
   * Applies the person's own entries (an `Own` message, an ack's `changes`) at once, whatever the version,
   * unless the object already shows a newer state; those ahead of the version are kept until it reaches
   * them, so a snapshot meanwhile does not undo them. Answers whether any entry was applied.
   */
  applyOwn(changes: readonly Change[]): boolean {
    let applied = false;
    for (const change of inVersionOrder(changes)) {
      if (change.version > this.version) this.ownAhead.push(change);
      if (this.applyEntry(change, 'own')) applied = true;
    }
    return applied;
  }

  /** The version rule of `applyBatch`, for a group batch or a Sync answer. */
  private advance(batch: ChangeBatch, source: 'group' | 'sync'): BatchOutcome {
    if (this.event.id && batch.eventId && batch.eventId !== this.event.id) return 'ignored';
    const v = this.version;
    if (batch.to <= v) return 'ignored';
    if (batch.from > v) return 'gap';
    for (const change of inVersionOrder(batch.changes)) {
      if (change.version > v) this.applyEntry(change, source);
    }
    this.version = batch.to;
    this.ownAhead = this.ownAhead.filter((change) => change.version > this.version);
    return 'applied';
  }

  /** Applies one entry unless its object already shows something newer (`isNewer`); answers whether it did. */
  private applyEntry(change: Change, source: EntrySource): boolean {
    const key = entryKey(change);
    if (!this.isNewer(key, change.version, source)) return false;
    this.applyChange(change);
    this.appliedAt.set(key, { version: change.version, own: source === 'own' });
    return true;
  }

  /**
   * Whether an entry of this version moves its object on: not if a newer entry of it was applied; not, for a
   * group entry, if the person's own entry of the same version was (their own view wins); and not, for an own
   * entry, if the snapshot already holds its version.
   */
  private isNewer(key: string, version: number, source: EntrySource): boolean {
    if (source === 'own' && version <= this.snapshotVersion) return false;
    const last = this.appliedAt.get(key);
    if (!last) return true;
    if (last.version !== version) return last.version < version;
    return source !== 'group' || !last.own;
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
        else if (this.me?.id !== person.id || this.me.role === 'facilitator') this.people.push(person);
        // The receiver's own entry: their name was approved or rejected.
        if (this.me?.id === person.id) this.me = { ...this.me, ...person };
        break;
      }
      case 'person.link':
        // A person's link was given again; the projector's is in `links`, which the console reads again.
        if ((change.data as LinkRenewed).role === 'projector') this.projectorRenewals++;
        break;
      case 'settings':
        this.settings = change.data as Settings;
        break;
      case 'proposal':
        upsert(this.proposals, change.data as Proposal, (p) => p.id === (change.data as Proposal).id);
        break;
      case 'proposal.removed': {
        const id = (change.data as { id: number }).id;
        this.proposals = this.proposals.filter((p) => p.id !== id);
        break;
      }
      case 'proposal.counts': {
        const counts = change.data as ProposalCounts;
        const at = this.proposals.findIndex((p) => p.id === counts.id);
        // Counts of a proposal we do not have are ignored.
        if (at >= 0) this.proposals[at] = { ...(this.proposals[at] as Proposal), upvotes: counts.upvotes, members: counts.members };
        break;
      }
      case 'member': {
        const member = change.data as Member;
        const same = (m: Member) => m.proposalId === member.proposalId && m.personId === member.personId;
        if (member.active === false) this.members = this.members.filter((m) => !same(m));
        else upsert(this.members, member, same);
        break;
      }
      case 'question':
        upsert(this.questions, change.data as Question, (q) => q.id === (change.data as Question).id);
        break;
      case 'question.counts': {
        const counts = change.data as QuestionCounts;
        const at = this.questions.findIndex((q) => q.id === counts.id);
        if (at >= 0) this.questions[at] = { ...(this.questions[at] as Question), upvotes: counts.upvotes };
        break;
      }
      case 'question.removed': {
        const id = (change.data as { id: number }).id;
        this.questions = this.questions.filter((q) => q.id !== id);
        break;
      }
      case 'screen':
        this.screen = { questionId: (change.data as Screen | null)?.questionId ?? null };
        break;
      case 'projector':
        this.projector = (change.data as Projector | null) ?? defaultProjector();
        break;
      case 'mine':
        this.mine = normaliseMine(change.data as Mine);
        break;
      case 'mine.proposal': {
        const delta = change.data as MineProposal;
        this.mine = {
          ...this.mine,
          upvotedProposals: toggled(this.mine.upvotedProposals, delta.proposalId, delta.upvoted),
          memberships: [
            ...this.mine.memberships.filter((m) => m.proposalId !== delta.proposalId),
            ...(delta.membership ? [delta.membership] : []),
          ],
        };
        break;
      }
      case 'mine.question': {
        const delta = change.data as MineQuestion;
        this.mine = {
          ...this.mine,
          upvotedQuestions: toggled(this.mine.upvotedQuestions, delta.questionId, delta.upvoted),
          askedQuestions: toggled(this.mine.askedQuestions, delta.questionId, delta.asked),
        };
        break;
      }
      case 'practice':
        upsert(this.practices, change.data as Practice, (p) => p.id === (change.data as Practice).id);
        break;
      case 'practice.removed': {
        const id = (change.data as { id: number }).id;
        this.practices = this.practices.filter((p) => p.id !== id);
        break;
      }
      case 'reflection':
        this.reflection = change.data as Reflection;
        break;
      case 'progress':
        upsert(this.progress, change.data as Progress, (p) => p.personId === (change.data as Progress).personId);
        break;
      case 'badge.rule':
        this.rule = change.data as RuleView;
        break;
      case 'event.status':
        this.status = change.data as EventStatus;
        break;
      case 'proposal.update': {
        const update = change.data as ProposalUpdate;
        this.heldUpdates = this.heldUpdates.filter((u) => u.id !== update.id);
        if (update.waiting) this.heldUpdates.push(update);
        break;
      }
      case 'proposal.update.removed': {
        const id = (change.data as { id: number }).id;
        this.heldUpdates = this.heldUpdates.filter((u) => u.id !== id);
        break;
      }
      default:
        if (this.activity.apply(change)) break;
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

  /** The pitch on stage: the current item's running pitch. */
  get currentPitch(): Pitch | null {
    const id = this.agenda.currentPitchId;
    if (id === null) return null;
    return this.current?.pitches.find((pitch) => pitch.id === id) ?? null;
  }

  /**
   * The pitch the run of show reaches next: after the running one, the next planned pitch of its item; between
   * pitches, the current item's first planned pitch, else the first planned pitch of the next item.
   */
  get nextPitch(): Pitch | null {
    const current = this.current;
    const running = this.currentPitch;
    const after = running?.position ?? Number.NEGATIVE_INFINITY;
    const inItem = current?.pitches.find((pitch) => pitch.status === 'planned' && pitch.position > after) ?? null;
    if (inItem || running) return inItem;
    return this.next?.pitches.find((pitch) => pitch.status === 'planned') ?? null;
  }

  /** The proposals in the board's order (docs/protocol.md "Ranking"). */
  get rankedProposals(): Proposal[] {
    return rankProposals(this.proposals);
  }

  proposal(id: number | null | undefined): Proposal | null {
    if (id === null || id === undefined) return null;
    return this.proposals.find((p) => p.id === id) ?? null;
  }

  agendaItem(id: number | null | undefined): AgendaItem | null {
    if (id === null || id === undefined) return null;
    return this.agenda.items.find((item) => item.id === id) ?? null;
  }

  question(id: number | null | undefined): Question | null {
    if (id === null || id === undefined) return null;
    return this.questions.find((q) => q.id === id) ?? null;
  }

  /** The question on the projector, if this receiver has it. */
  get screenQuestion(): Question | null {
    return this.question(this.screen.questionId);
  }

  /** A participant's progress (the participant's own, or anyone's for the facilitator). */
  progressOf(personId: number | null | undefined): Progress | null {
    return this.progress.find((p) => p.personId === personId) ?? null;
  }

  membersOf(proposalId: number): Member[] {
    return this.members.filter((m) => m.proposalId === proposalId);
  }

  hasUpvotedProposal(id: number): boolean {
    return this.mine.upvotedProposals.includes(id);
  }

  hasUpvotedQuestion(id: number): boolean {
    return this.mine.upvotedQuestions.includes(id);
  }

  asked(id: number): boolean {
    return this.mine.askedQuestions.includes(id);
  }

  membership(proposalId: number): Membership | null {
    return this.mine.memberships.find((m) => m.proposalId === proposalId) ?? null;
  }

  /**
   * Whether a question is addressed to this person: the owner of the proposal it targets, or the stakeholder
   * of the agenda item it targets.
   */
  addressedToMe(question: Question): boolean {
    const me = this.me;
    if (!me || question.target.id === null) return false;
    if (question.target.kind === 'proposal') return this.proposal(question.target.id)?.ownerId === me.id;
    if (question.target.kind === 'agenda') return this.agendaItem(question.target.id)?.stakeholderId === me.id;
    return false;
  }
}

/** The list with `id` in it (once) when `on`, without it otherwise. */
function toggled(list: readonly number[], id: number, on: boolean): number[] {
  const without = list.filter((item) => item !== id);
  return on ? [...without, id] : without;
}

function upsert<T>(list: T[], value: T, same: (item: T) => boolean): void {
  const at = list.findIndex(same);
  if (at >= 0) list[at] = value;
  else list.push(value);
}

export function defaultProjector(): Projector {
  return { mode: 'auto', qr: 'shown', pinned: false };
}

export function emptyAgenda(): Agenda {
  return { items: [], currentId: null, currentPitchId: null, startsAt: null, endsAt: null };
}

function normaliseAgenda(agenda: Agenda | null | undefined): Agenda {
  if (!agenda) return emptyAgenda();
  return {
    items: (agenda.items ?? []).map((item) => ({ ...item, stakeholderId: item.stakeholderId ?? null, pitches: item.pitches ?? [] })),
    currentId: agenda.currentId ?? null,
    currentPitchId: agenda.currentPitchId ?? null,
    startsAt: agenda.startsAt ?? null,
    endsAt: agenda.endsAt ?? null,
  };
}

function normaliseMine(mine: Mine | null | undefined): Mine {
  return {
    upvotedProposals: [...(mine?.upvotedProposals ?? [])],
    memberships: [...(mine?.memberships ?? [])],
    upvotedQuestions: [...(mine?.upvotedQuestions ?? [])],
    askedQuestions: [...(mine?.askedQuestions ?? [])],
  };
}

// ---------------------------------------------------------------- orders

/**
 * The one ranking of docs/protocol.md "Ranking", for the board, the projector and the facilitator: proposals
 * that are not closed before closed ones; then more upvotes; then more members; then the older (lower id).
 */
export function compareProposals(a: Proposal, b: Proposal): number {
  const closedA = a.status === 'closed' ? 1 : 0;
  const closedB = b.status === 'closed' ? 1 : 0;
  return closedA - closedB || b.upvotes - a.upvotes || b.members - a.members || a.id - b.id;
}

export function rankProposals(proposals: readonly Proposal[]): Proposal[] {
  return [...proposals].sort(compareProposals);
}

export type QuestionOrder = 'top' | 'newest';

/** *top*: more upvotes first, then older first; *newest*: newer first (higher id). */
export function compareQuestions(order: QuestionOrder): (a: Question, b: Question) => number {
  return order === 'top' ? (a, b) => b.upvotes - a.upvotes || a.id - b.id : (a, b) => b.id - a.id;
}

export function sortQuestions(questions: readonly Question[], order: QuestionOrder): Question[] {
  return [...questions].sort(compareQuestions(order));
}
