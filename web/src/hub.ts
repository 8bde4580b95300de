// The hub's methods as the page may call them: one line per public method of SessionHub
// (src/StakeholderHub/Realtime/SessionHub.cs), with the same name, parameters in the same order and its answer.
// Every call goes through `HubCall`, so a misspelt or renamed method, or a wrong argument, fails `tsc`; and
// HubContractTests compares this list with SessionHub's methods, so a rename on the server fails the suite.

import type {
  Ack,
  AgendaItemInput,
  AnswerInput,
  BadgeRuleInput,
  ClaimInput,
  Claimed,
  ClockResult,
  ConsentsInput,
  IssueReport,
  MembershipInput,
  OwnerContactInput,
  PitchInput,
  PollInput,
  PollVoteInput,
  ProjectorInput,
  PracticeInput,
  ProposalInput,
  ProposalStatus,
  ProposalUpdateInput,
  QuestionInput,
  Reaction,
  ReflectionInput,
  ScheduleInput,
  SyncResult,
} from './types';

export interface SessionHubMethods {
  Sync(since: number): SyncResult;
  Clock(): ClockResult;
  AddAgendaItem(item: AgendaItemInput): Ack;
  EditAgendaItem(id: number, item: AgendaItemInput): Ack;
  RemoveAgendaItem(id: number): Ack;
  ReorderAgenda(ids: number[]): Ack;
  StartAgendaItem(id: number): Ack;
  NextAgendaItem(): Ack;
  ExtendAgendaItem(minutes: number): Ack;
  AddPitch(agendaItemId: number, pitch: PitchInput): Ack;
  EditPitch(id: number, pitch: PitchInput): Ack;
  RemovePitch(id: number): Ack;
  ReorderPitches(agendaItemId: number, ids: number[]): Ack;
  StartPitch(id: number): Ack;
  ExtendPitch(minutes: number): Ack;
  SetSchedule(schedule: ScheduleInput): Ack;
  SetProjector(projector: ProjectorInput): Ack;
  PinScreen(pinned: boolean): Ack;
  CreateProposal(proposal: ProposalInput): Ack;
  EditProposal(id: number, proposal: ProposalInput): Ack;
  SetProposalStatus(id: number, status: ProposalStatus): Ack;
  ApproveProposal(id: number): Ack;
  RejectProposal(id: number): Ack;
  UpvoteProposal(id: number): Ack;
  WithdrawProposalUpvote(id: number): Ack;
  JoinProposal(id: number, membership: MembershipInput): Ack;
  LeaveProposal(id: number): Ack;
  SetMembershipConsents(id: number, consents: ConsentsInput): Ack;
  SetOwnerContact(contact: OwnerContactInput): Ack;
  PostProposalUpdate(id: number, update: ProposalUpdateInput): Ack;
  ApproveProposalUpdate(id: number): Ack;
  RejectProposalUpdate(id: number): Ack;
  AskQuestion(question: QuestionInput): Ack;
  UpvoteQuestion(id: number): Ack;
  WithdrawQuestionUpvote(id: number): Ack;
  PublishQuestion(id: number): Ack;
  DismissQuestion(id: number): Ack;
  RestoreQuestion(id: number): Ack;
  ShowQuestion(id: number | null): Ack;
  AnswerQuestion(id: number, answer: AnswerInput): Ack;
  SetModeration(on: boolean): Ack;
  SharePractice(practice: PracticeInput): Ack;
  HidePractice(id: number): Ack;
  ShowPractice(id: number): Ack;
  SaveReflection(reflection: ReflectionInput): Ack;
  CloseEvent(): Ack;
  ReopenEvent(): Ack;
  SetBadgeRule(rule: BadgeRuleInput): Ack;
  ClaimBadge(claim: ClaimInput): Claimed;
  IssueBadges(): IssueReport;
  RevokeBadge(id: string, reason: string): Ack;
  CreatePoll(poll: PollInput): Ack;
  EditPoll(id: number, poll: PollInput): Ack;
  OpenPoll(id: number): Ack;
  ClosePoll(id: number): Ack;
  ShowPoll(id: number | null): Ack;
  VotePoll(id: number, vote: PollVoteInput): Ack;
  HidePollWord(id: number, word: string): Ack;
  ShowPollWord(id: number, word: string): Ack;
  React(reaction: Reaction): null;
  AddFilterWord(word: string): Ack;
  RemoveFilterWord(word: string): Ack;
  ApproveName(personId: number): Ack;
  RejectName(personId: number): Ack;
}

export type HubMethod = keyof SessionHubMethods;
export type HubArgs<M extends HubMethod> = Parameters<SessionHubMethods[M]>;
export type HubResult<M extends HubMethod> = ReturnType<SessionHubMethods[M]>;

/** The methods that change something: their answer carries the version of the change. */
export type HubChange = { [M in HubMethod]: HubResult<M> extends { version: number } ? M : never }[HubMethod];

/** What sends a call over a connection (SignalR's `invoke`), typed by the map above. */
export type HubCall = <M extends HubMethod>(method: M, ...args: HubArgs<M>) => Promise<HubResult<M>>;

/** Types a SignalR connection's `invoke`. */
export function hubCall(connection: { invoke<T>(method: string, ...args: unknown[]): Promise<T> }): HubCall {
  return (method, ...args) => connection.invoke(method, ...args);
}
