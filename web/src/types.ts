// The wire types of docs/protocol.md. Times are ISO 8601 strings in UTC; ids are integers.

export type Role = 'facilitator' | 'stakeholder' | 'participant' | 'projector' | 'moderator';

export interface Person {
  id: number;
  role: Role;
  name: string;
  organisation: string;
  country: string;
  /** The content filter held the name or organisation: others see a placeholder (the receiver's own and the facilitator's view). */
  nameWaiting?: boolean;
  /** Why (the facilitator's view only). */
  nameHeldFor?: string | null;
  /** The facilitator rejected the name (the facilitator's view only). */
  nameRejected?: boolean;
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
  /** The invited stakeholder who presents the item: questions to the item are addressed to them. */
  stakeholderId: number | null;
  status: AgendaStatus;
  startedAt: string | null;
  endsAt: string | null;
  endedAt: string | null;
  /** The item's run of short timed pitches, in running order (empty for most items). */
  pitches: Pitch[];
}

/** One short timed pitch inside an agenda item: a proposal (its title, its owner speaking) or a platform slot. */
export interface Pitch {
  id: number;
  agendaItemId: number;
  position: number;
  title: string;
  proposalId: number | null;
  speakerId: number | null;
  speaker: string;
  plannedMinutes: number;
  status: AgendaStatus;
  startedAt: string | null;
  endsAt: string | null;
  endedAt: string | null;
}

export interface Agenda {
  items: AgendaItem[];
  currentId: number | null;
  currentPitchId: number | null;
  /** The session's planned start and end, when the facilitator set them. */
  startsAt: string | null;
  endsAt: string | null;
}

export type ProjectorMode = 'auto' | 'board' | 'spotlight' | 'question' | 'qr' | 'blank';
export type QrPanel = 'shown' | 'small' | 'hidden';

/** What the projector shows: chosen by the facilitator, or following the run of show (auto). */
export interface Projector {
  mode: ProjectorMode;
  qr: QrPanel;
  /** A pinned question stays on the screen when the run of show moves on. */
  pinned: boolean;
}

export interface PitchInput {
  title: string;
  proposalId: number | null;
  speakerId: number | null;
  speaker: string;
  plannedMinutes: number;
}

export interface ProjectorInput {
  mode: ProjectorMode;
  qr: QrPanel;
}

export interface ScheduleInput {
  startsAt: string | null;
  endsAt: string | null;
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
  settings: Settings;
  /** Ranked (see `compareProposals` in state.ts). */
  proposals: Proposal[];
  /** Active members of the proposals the receiver owns (all of them for the facilitator). */
  members: Member[];
  /** What the receiver may see (docs/protocol.md "Q&A"). */
  questions: Question[];
  screen: Screen;
  projector?: Projector;
  mine: Mine;
  /** Whether the event still takes practices and reflections. */
  status?: EventStatus;
  /** The practice wall in the order shared (hidden ones only for the facilitator). */
  practices?: Practice[];
  /** The receiver's own reflection (participants only). */
  reflection?: Reflection | null;
  /** The receiver's own progress (participants), everyone's (facilitator), or empty. */
  progress?: Progress[];
  rule?: RuleView;
  /** Polls, word clouds and reactions (docs/protocol.md "Polls"). */
  activity?: RoomActivity;
  /** Proposal owners' updates the content filter holds (the facilitator's snapshot only). */
  heldUpdates?: ProposalUpdate[];
}

export interface StaffLinks {
  projector: string;
  join: string;
}

// ---------------------------------------------------------------- settings, proposals, members

export interface Settings {
  moderation: boolean;
}

export const THEMES = ['education', 'employment', 'inclusion', 'recognition', 'digital', 'youth-participation'] as const;
export type Theme = (typeof THEMES)[number];

export const PROPOSAL_STATUSES = ['open', 'shortlisted', 'closed'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface Proposal {
  id: number;
  ownerId: number;
  ownerName: string;
  ownerOrganisation: string;
  title: string;
  summary: string;
  partnersSought: string;
  countries: string[];
  themes: Theme[];
  tags: string[];
  agendaItemId: number | null;
  status: ProposalStatus;
  upvotes: number;
  /** How many people joined it. */
  members: number;
  createdAt: string;
  updatedAt: string;
  /** Held by the content filter: only its owner and the facilitator see it (docs/protocol.md "Board"). */
  waiting?: boolean;
  /** Why it is held (the facilitator's view only). */
  heldFor?: string | null;
  /** The facilitator rejected it (the facilitator's view only). */
  rejected?: boolean;
}

export interface ProposalInput {
  title: string;
  summary: string;
  partnersSought: string;
  countries: string[];
  themes: Theme[];
  tags: string[];
  agendaItemId: number | null;
  /** The facilitator creating one for a stakeholder; ignored for a stakeholder. */
  ownerId?: number;
  requestId?: string;
}

export interface ProposalCounts {
  id: number;
  upvotes: number;
  members: number;
}

export const INTENTS = ['partner', 'co-applicant', 'observer'] as const;
export type Intent = (typeof INTENTS)[number];

export interface MembershipInput {
  intent: Intent;
  note: string;
  /** The explicit yes or no: may the owner see an e-mail address? */
  shareContact: boolean;
  email?: string;
  /** The separate yes or no: may the proposal's other partners see it (docs/privacy.md, "Fellow partners")? */
  sharePartners?: boolean;
}

export interface Member {
  proposalId: number;
  personId: number;
  name: string;
  organisation: string;
  country: string;
  intent: Intent;
  note: string;
  shareContact: boolean;
  /** Only with shareContact. */
  email: string | null;
  joinedAt: string;
  active: boolean;
}

export interface Membership {
  proposalId: number;
  intent: Intent;
  note: string;
  shareContact: boolean;
  sharePartners: boolean;
}

export interface Mine {
  upvotedProposals: number[];
  memberships: Membership[];
  upvotedQuestions: number[];
  askedQuestions: number[];
}

/** A delta of `Mine`: the receiver's own state on one proposal after a change of it. */
export interface MineProposal {
  proposalId: number;
  upvoted: boolean;
  membership: Membership | null;
}

/** A delta of `Mine`: the receiver's own state on one question after a change of it. */
export interface MineQuestion {
  questionId: number;
  upvoted: boolean;
  asked: boolean;
}

// ---------------------------------------------------------------- Q&A

/** `now`: what is on stage when the question arrives (the running pitch's proposal, else the current item); the server stores the real target. */
export type QuestionTargetKind = 'room' | 'agenda' | 'proposal' | 'now';

export interface QuestionTarget {
  kind: QuestionTargetKind;
  /** The agenda item or proposal; null for the room. */
  id: number | null;
}

export type QuestionStatus = 'pending' | 'published' | 'dismissed';

export interface Answer {
  text: string | null;
  live: boolean;
  byName: string;
  at: string;
}

export interface Question {
  id: number;
  text: string;
  target: QuestionTarget;
  anonymous: boolean;
  /** Null for anonymous questions, for everyone. */
  askerName: string | null;
  askerOrganisation: string | null;
  status: QuestionStatus;
  upvotes: number;
  answer: Answer | null;
  createdAt: string;
  /** The facilitator's view of a question not published: why the content filter held it. */
  heldFor?: string | null;
}

export interface QuestionInput {
  text: string;
  target: QuestionTarget;
  anonymous: boolean;
  requestId?: string;
}

export interface AnswerInput {
  text: string;
  live: boolean;
}

export interface QuestionCounts {
  id: number;
  upvotes: number;
}

export interface Screen {
  questionId: number | null;
}

// ---------------------------------------------------------------- practices, reflections, the badge

export interface Practice {
  id: number;
  title: string;
  text: string;
  authorName: string;
  authorOrganisation: string;
  hidden: boolean;
  createdAt: string;
  /** The facilitator's view of a hidden practice: why the content filter held it. */
  heldFor?: string | null;
}

export interface PracticeInput {
  title: string;
  text: string;
  requestId?: string;
}

export interface Reflection {
  takeHome: string;
  contribute: string;
  updatedAt: string;
}

export interface ReflectionInput {
  takeHome: string;
  contribute: string;
}

export interface EventStatus {
  closed: boolean;
  closedAt: string | null;
}

export const BADGE_STEPS = ['checked_in', 'joined_proposal', 'asked_or_shared', 'reflected'] as const;
export type BadgeStepKey = (typeof BADGE_STEPS)[number];

export interface StepProgress {
  key: string;
  count: number;
  required: number;
  done: boolean;
}

export interface BadgeSummary {
  id: string;
  /** The public badge page. */
  url: string;
  issuedAt: string;
  revoked: boolean;
}

export interface Progress {
  personId: number;
  steps: StepProgress[];
  eligible: boolean;
  badge: BadgeSummary | null;
}

export interface RuleStep {
  key: string;
  required: number;
  max: number;
  /** 0: an optional step, off at 0 (answering polls). */
  min?: number;
}

export interface RuleView {
  steps: RuleStep[];
}

export interface ClaimInput {
  email: string;
  /** The separate, unticked choice to be contacted with this address (otherwise only its salted hash is kept). */
  contact?: boolean;
}

export interface BadgeRuleInput {
  /** Step key → how many times it must be done. */
  thresholds: Record<string, number>;
}

export interface Claimed {
  version: number;
  badge: BadgeSummary;
}

export interface IssueReport {
  version: number;
  issued: number;
  alreadyIssued: number;
  eligibleWithoutEmail: number[];
}

// ---------------------------------------------------------------- changes

export type Change =
  | { version: number; kind: 'agenda'; data: Agenda }
  | { version: number; kind: 'attendance'; data: Attendance }
  | { version: number; kind: 'person.joined'; data: Person }
  | { version: number; kind: 'person.link'; data: LinkRenewed }
  | { version: number; kind: 'settings'; data: Settings }
  | { version: number; kind: 'proposal'; data: Proposal }
  | { version: number; kind: 'proposal.counts'; data: ProposalCounts }
  | { version: number; kind: 'proposal.removed'; data: { id: number } }
  | { version: number; kind: 'member'; data: Member }
  | { version: number; kind: 'question'; data: Question }
  | { version: number; kind: 'question.counts'; data: QuestionCounts }
  | { version: number; kind: 'question.removed'; data: { id: number } }
  | { version: number; kind: 'screen'; data: Screen }
  | { version: number; kind: 'projector'; data: Projector }
  | { version: number; kind: 'mine'; data: Mine }
  | { version: number; kind: 'mine.proposal'; data: MineProposal }
  | { version: number; kind: 'mine.question'; data: MineQuestion }
  | { version: number; kind: string; data: unknown };

/**
 * `Changes`: the group's entries, `from < version <= to` (they move the version). `Own`: the same shape, with the
 * entries addressed to this person alone; it moves no version and is never a gap.
 */
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

/**
 * The answer of a state-changing call. `changes`: the caller's own entries of the change (what `Own` would
 * otherwise have carried to this connection), so the caller's own state moves as soon as the answer arrives.
 */
export interface Ack {
  version: number;
  id: number | null;
  changes?: Change[];
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
  /** The stakeholder who presents the item, or null. */
  stakeholderId: number | null;
}

export interface MyData {
  profile: { id: number; role: string; name: string; organisation: string; country: string; email: string | null; badgeEmailConsent: boolean; joinedAt: string };
  questions: { id: number; text: string; anonymous: boolean; status: string; upvotes: number; createdAt: string }[];
  upvotedProposals: number[];
  upvotedQuestions: number[];
  memberships: {
    proposalId: number;
    proposalTitle: string | null;
    intent: string;
    note: string;
    shareContact: boolean;
    email: string | null;
    joinedAt: string;
    sharePartners: boolean;
    partnersEmail: string | null;
  }[];
  practices: { id: number; title: string; text: string; hidden: boolean; createdAt: string }[];
  reflection: { takeHome: string; contribute: string; updatedAt: string } | null;
  evidence: { action: string; subjectKind: string | null; subjectId: number | null; detail: string | null; at: string }[];
  progress: unknown;
  badge: { summary: { id: string; url: string }; email: string | null; contactConsent: boolean } | null;
  ownerContact: string | null;
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
  /** The separate, unticked choice that the e-mail may be used to issue the badge. */
  badgeEmail?: boolean;
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

// ---------------------------------------------------------------- polls, word clouds, reactions

export const POLL_KINDS = ['single', 'multiple', 'rating', 'ranking', 'words'] as const;
export type PollKind = (typeof POLL_KINDS)[number];
export const POLL_RESULT_MODES = ['live', 'closed', 'never'] as const;
export type PollResultMode = (typeof POLL_RESULT_MODES)[number];
export type PollStatus = 'draft' | 'open' | 'closed';

export interface Poll {
  id: number;
  ownerId: number;
  kind: PollKind;
  question: string;
  /** Rating: '1' to '5'; a word cloud: none. */
  options: string[];
  maxChoices: number;
  results: PollResultMode;
  status: PollStatus;
  proposalId: number | null;
  agendaItemId: number | null;
  createdAt: string;
}

export interface CloudWord {
  key: string;
  text: string;
  count: number;
  /** The facilitator's view only. */
  hidden?: boolean;
  held?: number;
  heldReason?: string | null;
}

export interface PollResults {
  id: number;
  voters: number;
  /** Per option: how many chose it (a ranking: placed it first). */
  counts: number[];
  /** Per option: a ranking's points (n − place per voter); else the count. */
  points: number[];
  /** Per option: of the voters (a ranking: of all points). */
  percents: number[];
  /** A word cloud's groups, the most frequent first. */
  words: CloudWord[];
}

export interface PollWordView {
  text: string;
  /** Held by the content filter for the facilitator. */
  waiting: boolean;
}

export interface PollVote {
  pollId: number;
  choices: number[];
  words: PollWordView[];
}

export interface PollScreen {
  pollId: number | null;
}

export const REACTIONS = ['clap', 'idea', 'heart', 'think'] as const;
export type Reaction = (typeof REACTIONS)[number];

export interface ReactionCounts {
  agendaItemId: number;
  counts: Partial<Record<Reaction, number>>;
  added: Partial<Record<Reaction, number>>;
}

export interface RoomActivity {
  polls: Poll[];
  results: PollResults[];
  mine: PollVote[];
  screen: PollScreen;
  reactions: ReactionCounts[];
  /** The facilitator's snapshot only. */
  filterWords: string[] | null;
}

export interface PollInput {
  kind: PollKind;
  question: string;
  options: string[];
  maxChoices: number | null;
  results: PollResultMode;
  proposalId: number | null;
  agendaItemId: number | null;
  requestId?: string;
}

export interface PollVoteInput {
  choices?: number[];
  words?: string[];
}

/** The event's retention and controller text (GET /api/privacy/settings, the facilitator's). */
export interface PrivacySettings {
  retentionDays: number;
  controller: string | null;
  closedAt: string | null;
  purgeAt: string | null;
  purgedAt: string | null;
}

/** What "purge now" did (POST /api/privacy/purge). */
export interface PurgeReport {
  purged: boolean;
  erased: number;
  version: number;
}

/** Who the controller is and how long data is kept, for the join page's notice (GET /api/privacy?code=). */
export interface PrivacyNotice {
  controller: string | null;
  retentionDays: number | null;
}

/** `person.link` (to the facilitator): a person's link was given again; never the link itself. */
export interface LinkRenewed {
  personId: number;
  role: Role;
}

// ---------------------------------------------------------------- my session (docs/protocol.md, My session)

/** Someone on a my-session page: the e-mail only where they agreed to show it to this reader. */
export interface SessionContact {
  personId: number;
  name: string;
  organisation: string;
  country: string;
  intent: Intent | null;
  note: string | null;
  email: string | null;
}

export interface ProposalUpdate {
  id: number;
  proposalId: number;
  text: string;
  startsAt: string | null;
  createdAt: string;
  waiting: boolean;
  heldFor?: string | null;
}

export interface MySessionProposal {
  proposalId: number;
  title: string;
  status: ProposalStatus;
  role: 'owner' | 'member';
  owner: SessionContact;
  mine: { intent: Intent; shareContact: boolean; sharePartners: boolean } | null;
  seesPartners: boolean;
  partners: SessionContact[];
  updates: ProposalUpdate[];
}

export interface MySession {
  eventId: number;
  eventTitle: string;
  closed: boolean;
  personId: number;
  role: 'participant' | 'stakeholder';
  ownerContact: string | null;
  proposals: MySessionProposal[];
}

export interface ConsentsInput {
  shareContact: boolean;
  sharePartners: boolean;
  email?: string;
}

export interface OwnerContactInput {
  email: string | null;
}

export interface ProposalUpdateInput {
  text: string;
  startsAt: string | null;
  requestId?: string;
}
