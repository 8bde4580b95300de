// The client's copy of the polls, word clouds and reactions (docs/protocol.md "Polls"), moved forward by the
// entries `poll`, `poll.results`, `poll.mine`, `poll.screen`, `reactions` and `filter.words`.

import type { Change, Poll, PollResults, PollVote, ReactionCounts, RoomActivity } from './types';

export class Activity {
  polls: Poll[] = [];
  results = new Map<number, PollResults>();
  mine = new Map<number, PollVote>();
  screenPollId: number | null = null;
  reactions = new Map<number, ReactionCounts>();
  /** The reaction entries applied since the page last looked (the projector's animation). */
  reactionBursts: ReactionCounts[] = [];
  filterWords: string[] = [];

  replace(snapshot: RoomActivity | undefined): void {
    this.polls = [...(snapshot?.polls ?? [])];
    this.results = new Map((snapshot?.results ?? []).map((r) => [r.id, r]));
    this.mine = new Map((snapshot?.mine ?? []).map((v) => [v.pollId, v]));
    this.screenPollId = snapshot?.screen?.pollId ?? null;
    this.reactions = new Map((snapshot?.reactions ?? []).map((r) => [r.agendaItemId, r]));
    this.filterWords = [...(snapshot?.filterWords ?? [])];
  }

  /** Applies one entry if it is one of these; answers whether it was. */
  apply(change: Change): boolean {
    switch (change.kind) {
      case 'poll': {
        const poll = change.data as Poll;
        const at = this.polls.findIndex((p) => p.id === poll.id);
        if (at >= 0) this.polls[at] = poll;
        else this.polls.push(poll);
        return true;
      }
      case 'poll.results': {
        const results = change.data as PollResults;
        this.results.set(results.id, results);
        return true;
      }
      case 'poll.mine': {
        const vote = change.data as PollVote;
        this.mine.set(vote.pollId, vote);
        return true;
      }
      case 'poll.screen':
        this.screenPollId = (change.data as { pollId: number | null }).pollId ?? null;
        return true;
      case 'reactions': {
        const counts = change.data as ReactionCounts;
        this.reactions.set(counts.agendaItemId, counts);
        this.reactionBursts.push(counts);
        return true;
      }
      case 'filter.words':
        this.filterWords = [...((change.data as { words: string[] }).words ?? [])];
        return true;
      default:
        return false;
    }
  }

  poll(id: number | null | undefined): Poll | null {
    return id === null || id === undefined ? null : (this.polls.find((p) => p.id === id) ?? null);
  }

  get screenPoll(): Poll | null {
    return this.poll(this.screenPollId);
  }

  /** The reaction entries since the last call. */
  takeBursts(): ReactionCounts[] {
    const bursts = this.reactionBursts;
    this.reactionBursts = [];
    return bursts;
  }
}
