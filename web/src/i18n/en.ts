// Every user-facing sentence of the pages, in English. Another language is a file of the same shape
// (`const nl: Strings = { … }`) chosen in ./index.ts. Static text in the HTML pages is filled in from
// the plain-string keys through `data-i18n="key"` attributes (see ../dom.ts `applyI18n`).

export const en = {
  lang: 'en',
  productName: 'StakeholderHub',
  tagline: 'The live hub for the stakeholder session.',

  // connection state
  connLive: 'Live',
  connConnecting: 'Connecting…',
  connReconnecting: 'Reconnecting…',
  connOffline: 'Offline',

  // errors and notices
  linkInvalid: 'This link is not valid',
  linkInvalidHelp: 'Ask the facilitator for a new link.',
  notSentOffline: 'Not sent — you are offline',
  notConfirmed: 'The connection dropped before the server answered. Check the agenda once you are live again.',
  networkError: 'Could not reach the server. Check your connection and try again.',
  unexpectedError: 'Something went wrong. Please try again.',
  dismiss: 'Dismiss',

  // landing
  indexTitle: 'StakeholderHub',
  indexJoinHeading: 'Join a session',
  indexCodeLabel: 'Session code',
  indexCodeHelp: 'The code is shown on the big screen in the room.',
  indexJoinButton: 'Join',

  // join
  joinPageTitle: 'Join a session',
  joinHeading: 'Join the session',
  joinIntro: 'Tell us who you are. Joining checks you in for this session.',
  joinCode: 'Session code',
  joinName: 'Your name',
  joinOrganisation: 'Organisation',
  joinCountry: 'Country',
  joinCountryChoose: 'Choose your country',
  joinEmail: 'E-mail (optional)',
  joinEmailHelp: 'Only if you want to hear from us after the session.',
  joinSubmit: 'Join',
  joinSubmitting: 'Joining…',
  joinCodeUnknown: 'No session has this code. Check the code on the big screen.',
  joinCodeChecking: 'Looking up the session…',
  joinContinueAs: (name: string) => `Continue as ${name}`,
  joinContinueHint: 'You have already joined on this device.',

  // live pages, shared
  nowHeading: 'Now',
  nextHeading: 'Next',
  agendaHeading: 'Agenda',
  nothingNow: 'Nothing is being presented right now',
  nothingNext: 'Nothing more planned',
  byPresenter: (presenter: string, organisation: string) =>
    organisation ? `${presenter} · ${organisation}` : presenter,
  minutes: (n: number) => `${n} min`,
  statusDone: 'Done',
  statusCurrent: 'Now',
  statusPlanned: 'Planned',
  countdownLabel: 'Time left',
  overrunLabel: 'Over time',
  agendaEmpty: 'The agenda is empty.',
  loading: 'Loading…',

  // stakeholder
  stakeholderGreeting: (name: string) => `Welcome, ${name}`,
  stakeholderRole: 'You are taking part as a stakeholder.',

  // projector
  projectorJoinAt: 'Join at',
  projectorCode: 'Code',
  projectorNowPresenting: 'Now presenting',
  projectorNextUp: 'Next up',
  projectorCheckedIn: (n: number) => (n === 1 ? '1 participant checked in' : `${n} participants checked in`),

  // facilitator
  facilitatorTitle: 'Facilitator',
  facQueueHeading: 'Queue',
  facNext: 'Next',
  facExtend5: '+5 min',
  facExtend1: '+1 min',
  facExtend5Label: 'Add 5 minutes to the current item',
  facExtend1Label: 'Add 1 minute to the current item',
  facJoinHeading: 'Joining',
  facJoinCode: 'Join code',
  facJoinLink: 'Join link',
  facProjectorLink: 'Projector link (secret)',
  facProjectorHint: 'Open the projector link on the computer that drives the room screen; keep it to yourself.',
  facCopy: 'Copy',
  facCopied: 'Copied',
  facStart: 'Start',
  facRestart: 'Run again',
  facEdit: 'Edit',
  facRemove: 'Remove',
  facRemoveConfirm: 'Remove this item?',
  facRemoveYes: 'Yes, remove',
  facCancel: 'Cancel',
  facSave: 'Save',
  facMoveUp: 'Move up',
  facMoveDown: 'Move down',
  facItemActions: (title: string) => `Actions for ${title}`,
  facAddHeading: 'Add an agenda item',
  facFieldTitle: 'Title',
  facFieldPresenter: 'Presenter',
  facFieldOrganisation: 'Organisation',
  facFieldKind: 'Kind',
  facFieldMinutes: 'Planned minutes',
  facAddSubmit: 'Add item',
  facPeopleHeading: 'Participants',
  facPeopleCount: (n: number) => (n === 1 ? '1 participant joined' : `${n} participants joined`),
  facPeopleEmpty: 'Nobody has joined yet.',
  facInviteHeading: 'Invite a stakeholder',
  facInviteName: 'Name',
  facInviteOrganisation: 'Organisation',
  facInviteSubmit: 'Create invite link',
  facInviteLink: (name: string) => `Personal link for ${name}`,
  facInviteLinkHelp: 'Send this link to that person only; it signs them in.',

  kind: {
    talk: 'Talk',
    proposals: 'Proposals',
    platform: 'Platform',
    discussion: 'Discussion',
    reflection: 'Reflection',
    break: 'Break',
  },
  role: {
    facilitator: 'Facilitator',
    stakeholder: 'Stakeholder',
    participant: 'Participant',
    projector: 'Projector',
  },
};

export type Strings = typeof en;
