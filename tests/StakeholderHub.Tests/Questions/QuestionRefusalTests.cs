namespace StakeholderHub.Tests.Questions;

/// <summary>
/// Every refusal of the Q&amp;A answers with its code and changes nothing: not the event's version, not a row, not
/// the evidence (the whole store is compared before and after).
/// </summary>
public sealed class QuestionRefusalTests(Scene scene) : IClassFixture<Scene>
{
    private sealed record Case(Func<Scene, BoardClient> Who, string Method, Func<Scene, object?[]> Args);

    private static readonly Dictionary<string, Case> Invalid = new()
    {
        ["question of 501 characters"] = new(s => s.Participant, "AskQuestion", _ => [Room.QuestionInput(new string('q', 501))]),
        ["empty question"] = new(s => s.Participant, "AskQuestion", _ => [Room.QuestionInput(" ")]),
        ["question with a control character"] = new(s => s.Participant, "AskQuestion", _ => [Room.QuestionInput("Bell \u0007 here")]),
        ["unknown target kind"] = new(s => s.Participant, "AskQuestion", _ => [Room.QuestionInput("Where?", "stage", 1)]),
        ["proposal target without an id"] = new(s => s.Participant, "AskQuestion", _ => [Room.QuestionInput("Which one?", "proposal")]),
        ["requestId of 65 characters"] = new(s => s.Participant, "AskQuestion", _ => [Room.QuestionInput("Retry?", requestId: new string('r', 65))]),
        ["no question at all"] = new(s => s.Participant, "AskQuestion", _ => [null]),
        ["answer of 2001 characters"] = new(s => s.Owner, "AnswerQuestion", s => [s.Published, Room.Answer(new string('a', 2001))]),
        ["live answer of 2001 characters"] = new(s => s.Owner, "AnswerQuestion", s => [s.Published, Room.Answer(new string('a', 2001), live: true)]),
        ["written answer without text"] = new(s => s.Owner, "AnswerQuestion", s => [s.Published, Room.Answer("  ")]),
        ["written answer with null text"] = new(s => s.Facilitator, "AnswerQuestion", s => [s.Published, Room.Answer(null)]),
        ["upvoting one's own question"] = new(s => s.Asker, "UpvoteQuestion", s => [s.Published]),
        ["publishing a dismissed question"] = new(s => s.Facilitator, "PublishQuestion", s => [s.Dismissed]),
        ["showing a dismissed question"] = new(s => s.Facilitator, "ShowQuestion", s => [s.Dismissed]),
    };

    private static readonly Dictionary<string, Case> Forbidden = new()
    {
        ["participant publishes"] = new(s => s.Participant, "PublishQuestion", s => [s.Pending]),
        ["participant dismisses"] = new(s => s.Participant, "DismissQuestion", s => [s.Published]),
        ["participant restores"] = new(s => s.Participant, "RestoreQuestion", s => [s.Dismissed]),
        ["participant shows a question"] = new(s => s.Participant, "ShowQuestion", s => [s.Published]),
        ["participant answers"] = new(s => s.Participant, "AnswerQuestion", s => [s.Published, Room.Answer("I know!")]),
        ["stakeholder publishes"] = new(s => s.OtherStakeholder, "PublishQuestion", s => [s.Pending]),
        ["stakeholder dismisses"] = new(s => s.Owner, "DismissQuestion", s => [s.Published]),
        ["another stakeholder answers"] = new(s => s.OtherStakeholder, "AnswerQuestion", s => [s.Published, Room.Answer("Not mine to say.")]),
        ["another stakeholder answers live"] = new(s => s.OtherStakeholder, "AnswerQuestion", s => [s.Published, Room.Answer(null, live: true)]),
        ["projector asks"] = new(s => s.Projector, "AskQuestion", _ => [Room.QuestionInput("From the screen?")]),
        ["projector upvotes a question"] = new(s => s.Projector, "UpvoteQuestion", s => [s.Published]),
        ["facilitator asks"] = new(s => s.Facilitator, "AskQuestion", _ => [Room.QuestionInput("As the host?")]),
    };

    private static readonly Dictionary<string, Case> NotFound = new()
    {
        ["upvote a question of another event"] = new(s => s.Participant, "UpvoteQuestion", s => [s.ForeignQuestion]),
        ["withdraw from a question of another event"] = new(s => s.Participant, "WithdrawQuestionUpvote", s => [s.ForeignQuestion]),
        ["upvote a pending question"] = new(s => s.Asker, "UpvoteQuestion", s => [s.Pending]),
        ["upvote a dismissed question"] = new(s => s.Participant, "UpvoteQuestion", s => [s.Dismissed]),
        ["upvote an unknown question"] = new(s => s.Participant, "UpvoteQuestion", _ => [999_999L]),
        ["ask about a proposal of another event"] = new(s => s.Participant, "AskQuestion", s => [Room.QuestionInput("Hello?", "proposal", s.ForeignProposal)]),
        ["ask about an agenda item of another event"] = new(s => s.Participant, "AskQuestion", s => [Room.QuestionInput("Hello?", "agenda", s.ForeignAgendaItem)]),
        ["facilitator publishes a question of another event"] = new(s => s.Facilitator, "PublishQuestion", s => [s.ForeignQuestion]),
        ["facilitator dismisses a question of another event"] = new(s => s.Facilitator, "DismissQuestion", s => [s.ForeignQuestion]),
        ["facilitator restores a question of another event"] = new(s => s.Facilitator, "RestoreQuestion", s => [s.ForeignQuestion]),
        ["facilitator shows a question of another event"] = new(s => s.Facilitator, "ShowQuestion", s => [s.ForeignQuestion]),
        ["facilitator answers a question of another event"] = new(s => s.Facilitator, "AnswerQuestion", s => [s.ForeignQuestion, Room.Answer("Hijack")]),
        ["the addressed stakeholder answers a pending question"] = new(s => s.Owner, "AnswerQuestion", s => [s.Pending, Room.Answer("Too early")]),
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

    private async Task Refused(string code, Case refusal) =>
        await scene.Room.RefusedWithoutChange(refusal.Who(scene), code, refusal.Method, refusal.Args(scene));
}
