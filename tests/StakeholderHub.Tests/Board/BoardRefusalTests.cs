namespace StakeholderHub.Tests.Board;

/// <summary>
/// Every refusal of the board answers with its code and changes nothing: not the event's version, not a row, not
/// the evidence (the whole store is compared before and after).
/// </summary>
public sealed class BoardRefusalTests(Scene scene) : IClassFixture<Scene>
{
    private sealed record Case(Func<Scene, BoardClient> Who, string Method, Func<Scene, object?[]> Args);

    private static object?[] Create(params (string Field, object? Value)[] changes) => [Room.ProposalInput("Open Badges for youth workers", changes)];

    private static readonly Dictionary<string, Case> Invalid = new()
    {
        ["title of 121 characters"] = new(s => s.Owner, "CreateProposal", _ => Create(("title", new string('t', 121)))),
        ["empty title"] = new(s => s.Owner, "CreateProposal", _ => Create(("title", "  "))),
        ["title with a line break"] = new(s => s.Owner, "CreateProposal", _ => Create(("title", "Two\nlines"))),
        ["summary of 2001 characters"] = new(s => s.Owner, "CreateProposal", _ => Create(("summary", new string('s', 2001)))),
        ["summary with a control character"] = new(s => s.Owner, "CreateProposal", _ => Create(("summary", "Bell \u0007 here"))),
        ["partnersSought of 501 characters"] = new(s => s.Owner, "CreateProposal", _ => Create(("partnersSought", new string('p', 501)))),
        ["tag of 31 characters"] = new(s => s.Owner, "CreateProposal", _ => Create(("tags", new[] { new string('g', 31) }))),
        ["empty tag"] = new(s => s.Owner, "CreateProposal", _ => Create(("tags", new[] { "" }))),
        ["11 tags"] = new(s => s.Owner, "CreateProposal", _ => Create(("tags", Enumerable.Range(1, 11).Select(i => $"tag{i}").ToArray()))),
        ["unknown theme"] = new(s => s.Owner, "CreateProposal", _ => Create(("themes", new[] { "recognition", "space-travel" }))),
        ["unknown country code"] = new(s => s.Owner, "CreateProposal", _ => Create(("countries", new[] { "BE", "XX" }))),
        ["country name instead of code"] = new(s => s.Owner, "CreateProposal", _ => Create(("countries", new[] { "Belgium" }))),
        ["requestId of 65 characters"] = new(s => s.Owner, "CreateProposal", _ => Create(("requestId", new string('r', 65)))),
        ["no proposal at all"] = new(s => s.Owner, "CreateProposal", _ => [null]),
        ["edit: title of 121 characters"] = new(s => s.Owner, "EditProposal", s => [s.Proposal, Room.ProposalInput(new string('t', 121))]),
        ["edit: 11 tags"] = new(s => s.Owner, "EditProposal", s => [s.Proposal, Room.ProposalInput("Fine", ("tags", Enumerable.Range(1, 11).Select(i => $"tag{i}").ToArray()))]),
        ["edit: unknown theme"] = new(s => s.Owner, "EditProposal", s => [s.Proposal, Room.ProposalInput("Fine", ("themes", new[] { "sports" }))]),
        ["unknown status"] = new(s => s.Owner, "SetProposalStatus", s => [s.Proposal, "archived"]),
        ["note of 501 characters"] = new(s => s.Participant, "JoinProposal", s => [s.Proposal, Room.Membership(note: new string('n', 501))]),
        ["unknown intent"] = new(s => s.Participant, "JoinProposal", s => [s.Proposal, Room.Membership(intent: "sponsor")]),
        ["shareContact missing"] = new(s => s.Participant, "JoinProposal", s => [s.Proposal, Room.Membership(shareContact: null)]),
        ["malformed contact e-mail"] = new(s => s.Participant, "JoinProposal", s => [s.Proposal, Room.Membership(shareContact: true, email: "not-an-address")]),
        ["no membership at all"] = new(s => s.Participant, "JoinProposal", s => [s.Proposal, null]),
        ["upvoting one's own proposal"] = new(s => s.Owner, "UpvoteProposal", s => [s.Proposal]),
    };

    private static readonly Dictionary<string, Case> Forbidden = new()
    {
        ["participant creates a proposal"] = new(s => s.Participant, "CreateProposal", _ => Create()),
        ["participant edits a proposal"] = new(s => s.Participant, "EditProposal", s => [s.Proposal, Room.ProposalInput("Mine now")]),
        ["participant closes a proposal"] = new(s => s.Participant, "SetProposalStatus", s => [s.Proposal, "closed"]),
        ["participant turns moderation off"] = new(s => s.Participant, "SetModeration", _ => [false]),
        ["projector creates a proposal"] = new(s => s.Projector, "CreateProposal", _ => Create()),
        ["projector upvotes"] = new(s => s.Projector, "UpvoteProposal", s => [s.Proposal]),
        ["projector joins"] = new(s => s.Projector, "JoinProposal", s => [s.Proposal, Room.Membership()]),
        ["facilitator upvotes"] = new(s => s.Facilitator, "UpvoteProposal", s => [s.Proposal]),
        ["facilitator joins"] = new(s => s.Facilitator, "JoinProposal", s => [s.Proposal, Room.Membership()]),
        ["stakeholder edits another stakeholder's proposal"] = new(s => s.OtherStakeholder, "EditProposal", s => [s.Proposal, Room.ProposalInput("Mine now")]),
        ["stakeholder closes another stakeholder's proposal"] = new(s => s.OtherStakeholder, "SetProposalStatus", s => [s.Proposal, "closed"]),
        ["stakeholder turns moderation off"] = new(s => s.OtherStakeholder, "SetModeration", _ => [false]),
    };

    private static readonly Dictionary<string, Case> NotFound = new()
    {
        ["upvote a proposal of another event"] = new(s => s.Participant, "UpvoteProposal", s => [s.ForeignProposal]),
        ["withdraw from a proposal of another event"] = new(s => s.Participant, "WithdrawProposalUpvote", s => [s.ForeignProposal]),
        ["join a proposal of another event"] = new(s => s.Participant, "JoinProposal", s => [s.ForeignProposal, Room.Membership()]),
        ["leave a proposal of another event"] = new(s => s.Participant, "LeaveProposal", s => [s.ForeignProposal]),
        ["facilitator edits a proposal of another event"] = new(s => s.Facilitator, "EditProposal", s => [s.ForeignProposal, Room.ProposalInput("Hijack")]),
        ["facilitator closes a proposal of another event"] = new(s => s.Facilitator, "SetProposalStatus", s => [s.ForeignProposal, "closed"]),
        ["upvote an unknown proposal"] = new(s => s.Participant, "UpvoteProposal", _ => [999_999L]),
        ["facilitator creates for an unknown owner"] = new(s => s.Facilitator, "CreateProposal", _ => Create(("ownerId", 999_999L))),
        ["facilitator creates for a stakeholder of another event"] = new(s => s.Facilitator, "CreateProposal", s => Create(("ownerId", s.ForeignStakeholder))),
        ["proposal for an agenda item of another event"] = new(s => s.Owner, "CreateProposal", s => Create(("agendaItemId", s.ForeignAgendaItem))),
    };

    public static TheoryData<string> InvalidCases => [.. Invalid.Keys];

    public static TheoryData<string> ForbiddenCases => [.. Forbidden.Keys];

    public static TheoryData<string> NotFoundCases => [.. NotFound.Keys];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public Task IsInvalid(string name) => Refused("invalid:", Invalid[name]);

    [Theory]
    [MemberData(nameof(ForbiddenCases))]
    public Task IsForbidden(string name) => Refused("forbidden:", Forbidden[name]);

    [Theory]
    [MemberData(nameof(NotFoundCases))]
    public Task IsNotFound(string name) => Refused("not_found:", NotFound[name]);

    [Fact]
    public async Task TheMembersOfAProposalOfAnotherEventAreNotFound()
    {
        var response = await BoardHttp.Get(scene.Room.Server, scene.Room.Server.FacilitatorToken, $"/api/proposals/{scene.ForeignProposal}/members.csv");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task Refused(string code, Case refusal) =>
        await scene.Room.RefusedWithoutChange(refusal.Who(scene), code, refusal.Method, refusal.Args(scene));
}
