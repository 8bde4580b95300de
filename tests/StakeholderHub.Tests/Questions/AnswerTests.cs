using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Questions;

public sealed class AnswerTests : BoardTest
{
    [Fact]
    public async Task TheOwnerOfTheProposalAnswersInWritingOrLiveAndEveryoneReceivesIt()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var other = await Room.Connect(await Room.Invite("Marta Silva", "Lisbon City of Learning"));
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var asker = await Room.Connect(await Room.Join("Ana Peeters"));
        var participant = await Room.Connect(await Room.Join("Bram Claes"));
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        BoardClient[] everyone = [owner, other, facilitator, asker, participant, projector];
        var proposal = await Room.CreateProposal(owner);
        var question = await Room.Ask(asker, Room.QuestionInput("Who pays for the travel?", "proposal", proposal));

        await Room.RefusedWithoutChange(other, "forbidden:", "AnswerQuestion", question, Room.Answer("Not my proposal."));

        var written = await owner.Call("AnswerQuestion", question, Room.Answer("The project covers travel for two people per partner."));
        await Room.AllReach(everyone, c => c.Version >= written.Version && AnswerOf(c, question) is { } a
            && a["text"]?.GetValue<string>() == "The project covers travel for two people per partner."
            && a["live"]!.GetValue<bool>() == false
            && a["byName"]!.GetValue<string>() == "Jan De Smet", "the written answer");
        Assert.NotNull(owner.Read(c => AnswerOf(c, question)!["at"]));
        Assert.Equal(1, Room.Scalar("SELECT COUNT(*) FROM questions WHERE id = @question AND answer_text IS NOT NULL AND answered_by = @owner",
            new { question, owner = owner.PersonId }));

        // A new answer replaces the previous one: answered live, without text.
        var live = await owner.Call("AnswerQuestion", question, Room.Answer(null, live: true));
        await Room.AllReach(everyone, c => c.Version >= live.Version && AnswerOf(c, question) is { } a
            && a["live"]!.GetValue<bool>() && a["text"] is null, "the live answer");

        // The facilitator can answer every question.
        var hosted = await facilitator.Call("AnswerQuestion", question, Room.Answer("Confirmed by the host.", live: true));
        await Room.AllReach(everyone, c => c.Version >= hosted.Version && AnswerOf(c, question) is { } a
            && a["live"]!.GetValue<bool>() && a["text"]?.GetValue<string>() == "Confirmed by the host.", "the facilitator's answer");
    }

    [Fact]
    public async Task AQuestionToAnAgendaItemIsAddressedToTheStakeholderWhoPresentsIt()
    {
        var presenter = await Room.Invite("Marta Silva", "Lisbon City of Learning");
        var speaker = await Room.Connect(presenter);
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var asker = await Room.Connect(await Room.Join("Ana Peeters"));
        var item = facilitator.Read(c => c.AgendaItemIds[1]);

        await Room.RefusedWithoutChange(facilitator, "not_found:", "EditAgendaItem", item, Talk(asker.PersonId));
        await facilitator.Call("EditAgendaItem", item, Talk(presenter.Id));
        var question = await Room.Ask(asker, Room.QuestionInput("How many badges were issued in Lisbon?", "agenda", item));

        await Room.RefusedWithoutChange(owner, "forbidden:", "AnswerQuestion", question, Room.Answer("Not my talk."));
        var answered = await speaker.Call("AnswerQuestion", question, Room.Answer(null, live: true));

        await Room.AllReach([speaker, owner, facilitator, asker], c => c.Version >= answered.Version && AnswerOf(c, question) is { } a
            && a["live"]!.GetValue<bool>() && a["byName"]!.GetValue<string>() == "Marta Silva", "answered live by the presenter");
        await Room.RefusedWithoutChange(facilitator, "invalid:", "RemoveAgendaItem", item);
        var target = asker.Read(c => c.Questions[question]["target"]!);
        Assert.Equal(("agenda", item), (target["kind"]!.GetValue<string>(), target["id"]!.GetValue<long>()));
    }

    private static object Talk(long stakeholderId) => new
    {
        title = "Open Badges in Lisbon",
        presenter = "Marta Silva",
        organisation = "Lisbon City of Learning",
        kind = "talk",
        plannedMinutes = 15,
        stakeholderId,
    };

    private static JsonObject? AnswerOf(BoardClient client, long question) =>
        client.Questions.TryGetValue(question, out var copy) ? copy["answer"] as JsonObject : null;
}
