// The client's copy of one event's state at a version, moved forward by docs/protocol.md's rules.

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
    // A stable sort: entries of one version keep the order the server sent them in.
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
